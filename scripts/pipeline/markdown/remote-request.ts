// One GET for a remote image, following redirects by hand so that every hop's
// host is checked (remote-address.ts) before anything is sent to it, and the
// socket connects to the very address that was checked.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type AddressPolicy, checkedAddress, type ResolvedAddress } from './remote-address.ts';

/** Redirects followed before giving up: a chain longer than this is a loop or a trap. */
export const maxRemoteRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` that answers with the checked address only, whatever DNS says now. */
function pinnedLookup(checked: ResolvedAddress) {
  return (_host: string, options: LookupOptions, callback: LookupCallback): void => {
    if (options.all) callback(null, [{ address: checked.address, family: checked.family }]);
    else callback(null, checked.address, checked.family);
  };
}

function send(url: URL, checked: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const options: RequestOptions = { method: 'GET', signal, lookup: pinnedLookup(checked) };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, options, resolve);
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The final response, or the reason there is none (a refused address, a bad redirect). */
export async function remoteGet(start: string, policy: AddressPolicy, signal: AbortSignal): Promise<IncomingMessage | string> {
  let url: URL;
  try {
    url = new URL(start);
  } catch {
    return 'not a valid URL';
  }
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `\`${url.protocol}\` is not http or https`;
    const checked = await checkedAddress(url.hostname, policy);
    if (typeof checked === 'string') {
      return hop === 0 ? `refused: ${checked}` : `refused after a redirect to \`${url.href}\`: ${checked}`;
    }
    const response = await send(url, checked, signal);
    const location = response.headers.location;
    if (!redirectStatuses.has(response.statusCode ?? 0) || !location) return response;
    response.resume();
    if (hop >= maxRemoteRedirects) return `more than ${maxRemoteRedirects} redirects`;
    try {
      url = new URL(location, url);
    } catch {
      return `the server redirected to \`${location}\`, which is not a valid URL`;
    }
  }
}
