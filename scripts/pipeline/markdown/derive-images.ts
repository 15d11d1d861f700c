// Makes the copies image-plan.ts decided on, with sharp: turned upright by its
// EXIF orientation, scaled, re-encoded (JPEG stays JPEG at quality 82, PNG stays
// PNG), and with every piece of metadata left out (GPS position, camera, date).
// Encoding is deterministic: no progressive or mozjpeg scan optimisation, fixed
// settings, so the same image gives the same bytes on every build. Copies are
// kept in a cache keyed by the image's content and the settings, so a rebuild
// does not scale a 23 MB photo again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyFileAtomic, writeAsset, writeFileAtomic } from '../write/write-output.ts';
import type { Asset } from './assets.ts';
import { type ImageCopy, planImage } from './image-plan.ts';

/** Bump when the encoding below changes, so cached copies are not reused. */
const recipe = 'v1 jpeg-q82-baseline png-c9 webp-q82';

export interface DerivedFile {
  /** Path inside the output folder. */
  readonly output: string;
  /** The bytes to write there; undefined: copy the source unchanged. */
  readonly bytes: Buffer | undefined;
}

/** Where derived copies are cached between builds (any build may reuse any copy: the key is the content). */
export function imageCacheDir(): string {
  return process.env.BRIEFING_IMAGE_CACHE ?? path.join(tmpdir(), 'briefing-press-images');
}

/** The files to write for `asset`: its print and screen copies, or the source itself for types that are not re-encoded. */
export async function deriveImage(asset: Asset, cacheDir = imageCacheDir()): Promise<DerivedFile[]> {
  const plan = planImage(asset.source, asset.output);
  if (!plan) return [{ output: asset.output, bytes: undefined }];
  const input = readFileSync(asset.source);
  const digest = createHash('sha256').update(recipe).update(input).digest('hex');
  const files: DerivedFile[] = [];
  for (const copy of [plan.print, ...plan.web]) files.push({ output: copy.output, bytes: await cached(input, digest, copy, cacheDir) });
  return files;
}

async function cached(input: Buffer, digest: string, copy: ImageCopy, cacheDir: string): Promise<Buffer> {
  const file = path.join(cacheDir, `${digest.slice(0, 40)}-${copy.width}x${copy.height}${path.extname(copy.output).toLowerCase()}`);
  try {
    return readFileSync(file);
  } catch {
    // not made yet
  }
  const bytes = await encode(input, copy);
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: a build running alongside never reads half a file.
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return bytes;
}

async function encode(input: Buffer, copy: ImageCopy): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  // rotate() with no angle applies the EXIF orientation; metadata is not kept unless asked for.
  const image = sharp(input, { failOn: 'none' }).rotate().resize(copy.width, copy.height, { fit: 'fill' });
  const ext = path.extname(copy.output).toLowerCase();
  if (ext === '.png') return image.png({ compressionLevel: 9, adaptiveFiltering: false, palette: false }).toBuffer();
  if (ext === '.webp') return image.webp({ quality: 82, effort: 4 }).toBuffer();
  return image
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 82, progressive: false, mozjpeg: false, chromaSubsampling: '4:2:0', optimiseCoding: true })
    .toBuffer();
}

/** Writes every asset of a document into the output folder: raster images as their derived copies, the rest as they are. */
export async function writeImageAssets(assets: readonly Asset[], outDir: string): Promise<void> {
  for (const asset of assets) {
    // An SVG is published from its sanitized re-serialization, never its own bytes (sanitize-svg.ts).
    if (asset.data) {
      await writeAsset(asset, outDir);
      continue;
    }
    for (const derived of await deriveImage(asset)) {
      const target = path.join(outDir, derived.output);
      await (derived.bytes ? writeFileAtomic(target, derived.bytes) : copyFileAtomic(asset.source, target));
    }
  }
}
