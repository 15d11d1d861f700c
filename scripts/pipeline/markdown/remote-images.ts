// Remote images, when the site config allows them (`allow_remote_images: true`),
// are downloaded by the build, once per URL, into `<out>/assets/remote/`, and
// the page points at that copy. The print never reaches the network: it only
// sees files in the output folder. Each download is checked: an image content
// type, at most `maxRemoteImageBytes`, within the time limit, and only from
// public addresses, after every redirect (remote-request.ts).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Point } from 'unist';
import { rasterImageTypes } from '../core/media-types.ts';
import { writeFileAtomic } from '../write/write-output.ts';
import { type AddressPolicy, addressPolicyFromEnvironment } from './remote-address.ts';
import { remoteGet } from './remote-request.ts';

export const remoteDir = 'assets/remote';
export const maxRemoteImageBytes = 10 * 1024 * 1024;

export interface RemoteImage {
  readonly url: string;
  /** Path inside the output folder: `assets/remote/<hash>.png`. */
  readonly output: string;
  readonly place?: Point | undefined;
}

const byExtension = rasterImageTypes;
const allowedTypes = new Set(Object.values(byExtension));

/**
 * Where the copy of `url` goes. The name is a hash of the URL, so the same URL
 * in many releases is one file; the extension comes from the URL when it names
 * a raster image. SVG is not accepted from the network: it can carry script
 * and references (see sanitize-svg.ts).
 */
export function remoteImage(url: string, place?: Point): RemoteImage {
  let ext = '';
  try {
    ext = path.posix.extname(new URL(url).pathname).toLowerCase();
  } catch {
    // Not a valid URL: the download will say so, with the image's line.
  }
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 20);
  return { url, output: `${remoteDir}/${hash}${ext in byExtension ? ext : '.img'}`, place };
}

export interface DownloadOptions {
  readonly outDir: string;
  readonly timeoutMs: number;
  readonly maxBytes?: number;
  /** Tests only: how hosts resolve and which private addresses pass. */
  readonly policy?: AddressPolicy;
}

/** Downloads per build share one promise per URL: a URL is fetched at most once. */
export class RemoteImages {
  private readonly downloads = new Map<string, Promise<string | undefined>>();
  constructor(private readonly options: DownloadOptions) {}

  /** Resolves to undefined when the copy is in place, or to the reason it is not. */
  fetch(image: RemoteImage): Promise<string | undefined> {
    let download = this.downloads.get(image.url);
    if (!download) {
      download = downloadImage(image, this.options);
      this.downloads.set(image.url, download);
    }
    return download;
  }
}

async function downloadImage(image: RemoteImage, options: DownloadOptions): Promise<string | undefined> {
  const target = path.join(options.outDir, image.output);
  // Downloaded by an earlier build: the name is the URL's hash.
  if (existsSync(target)) return undefined;
  const maxBytes = options.maxBytes ?? maxRemoteImageBytes;
  const policy = options.policy ?? addressPolicyFromEnvironment();
  const failed = (reason: string): string => `Could not download remote image \`${image.url}\`: ${reason}`;
  let response: IncomingMessage | string;
  try {
    response = await remoteGet(image.url, policy, AbortSignal.timeout(options.timeoutMs));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    return failed(code ?? (error instanceof Error ? error.message : String(error)));
  }
  if (typeof response === 'string') return failed(response);
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    response.resume();
    return failed(`the server answered ${status}`);
  }
  const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!allowedTypes.has(type)) {
    response.destroy();
    return `Remote image \`${image.url}\` is \`${type || 'of no stated type'}\`, expected a PNG, JPEG, GIF, WebP or AVIF image`;
  }
  const declared = Number(response.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    response.destroy();
    return `Remote image \`${image.url}\` is ${declared} bytes, more than the ${maxBytes} allowed`;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      if (!(chunk instanceof Uint8Array)) continue;
      size += chunk.length;
      // The header may lie or be missing: count what actually arrives.
      if (size > maxBytes) {
        response.destroy();
        return `Remote image \`${image.url}\` is more than the ${maxBytes} bytes allowed`;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  await writeFileAtomic(target, Buffer.concat(chunks));
  return undefined;
}
