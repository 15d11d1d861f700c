// Remote images, when the site config allows them (`allow_remote_images: true`),
// are downloaded by the build, once per URL, into `<out>/assets/remote/`, and
// the page points at that copy. The print never reaches the network: it only
// sees files in the output folder. Each download is checked: an image content
// type, at most `maxRemoteImageBytes`, within the time limit.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Point } from 'unist';
import { rasterImageTypes } from '../core/media-types.ts';
import { writeFileAtomic } from '../write/write-output.ts';

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
  let response: Response;
  try {
    response = await fetch(image.url, { redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return `Could not download remote image \`${image.url}\`: ${cause}`;
  }
  if (!response.ok) return `Could not download remote image \`${image.url}\`: the server answered ${response.status}`;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!allowedTypes.has(type)) {
    await response.body?.cancel();
    return `Remote image \`${image.url}\` is \`${type || 'of no stated type'}\`, expected a PNG, JPEG, GIF, WebP or AVIF image`;
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return `Remote image \`${image.url}\` is ${declared} bytes, more than the ${maxBytes} allowed`;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      // The header may lie or be missing: count what actually arrives.
      if (size > maxBytes) return `Remote image \`${image.url}\` is more than the ${maxBytes} bytes allowed`;
      chunks.push(chunk);
    }
  } catch (error) {
    return `Could not download remote image \`${image.url}\`: ${(error as Error).message}`;
  }
  await writeFileAtomic(target, Buffer.concat(chunks));
  return undefined;
}
