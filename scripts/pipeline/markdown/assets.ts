// Images are resolved inside the content folder and copied into `<out>/assets/`
// under the same relative path, so the output folder can be zipped and opened
// from disk, and no page ever reaches outside what the build put there.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { looksLikeSvg, sanitizeSvg } from './sanitize-svg.ts';

export interface Asset {
  /** Absolute path of the file in the content folder. */
  readonly source: string;
  /** Path inside the output folder, with `/` separators: `assets/images/map.svg`. */
  readonly output: string;
  /** The bytes to publish when they are not the file's own: a sanitized SVG. */
  readonly data?: Uint8Array;
}

export type AssetResolution = { readonly ok: true; readonly asset: Asset } | { readonly ok: false; readonly reason: string };

const imageTypes = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg']);

/**
 * Resolves `reference` (as written in Markdown or front matter) relative to the
 * document at `documentPath`. Refuses anything that leaves `contentDir`:
 * absolute paths, `../` past the root, and symlinks pointing out.
 */
export function resolveImage(reference: string, documentPath: string, contentDir: string): AssetResolution {
  const ref = decodeReference(reference);
  if (ref === undefined) return { ok: false, reason: `Cannot read image path \`${reference}\`` };
  if (path.isAbsolute(ref) || /^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    return { ok: false, reason: `Image \`${reference}\` must be a path relative to the release, inside the content folder` };
  }
  const root = path.resolve(contentDir);
  const target = path.resolve(path.dirname(documentPath), ref);
  if (!isInside(target, root)) return { ok: false, reason: `Image \`${reference}\` points outside the content folder` };
  if (!imageTypes.has(path.extname(target).toLowerCase())) {
    return { ok: false, reason: `Image \`${reference}\` is not a PNG, JPEG, GIF, WebP, AVIF or SVG file` };
  }
  let real: string;
  try {
    real = realpathSync(target);
    if (!statSync(real).isFile()) return { ok: false, reason: `Image \`${reference}\` is not a file` };
  } catch {
    return { ok: false, reason: `Image \`${reference}\` not found (looked for ${path.relative(process.cwd(), target)})` };
  }
  if (!isInside(real, realpathSync(root))) {
    return { ok: false, reason: `Image \`${reference}\` is a link to a file outside the content folder` };
  }
  const checked = checkImageContent(real, path.extname(target).toLowerCase());
  if (!checked.ok) return { ok: false, reason: `Image \`${reference}\` ${checked.problem}` };
  const output = `assets/${path.relative(root, target).split(path.sep).join('/')}`;
  return { ok: true, asset: { source: real, output, ...(checked.data ? { data: checked.data } : {}) } };
}

const rasterMagic: Record<string, (head: Buffer) => boolean> = {
  '.png': (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  '.jpg': (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  '.gif': (h) => /^GIF8[79]a/.test(h.toString('latin1', 0, 6)),
  '.webp': (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP',
  '.avif': (h) => h.toString('latin1', 4, 8) === 'ftyp',
};
rasterMagic['.jpeg'] = rasterMagic['.jpg'] as (head: Buffer) => boolean;

/**
 * Decides by content, not by name: anything whose content is an SVG drawing
 * is sanitized and re-serialized (the published bytes are ours, never the
 * original), a `.svg` name over anything else is refused, and a raster name
 * must hold that kind of image. So `pic.svg -> evil.txt` or a script saved as
 * `photo.png` never reaches output/assets/.
 */
function checkImageContent(
  file: string,
  extension: string,
): { readonly ok: true; readonly data?: Uint8Array } | { readonly ok: false; readonly problem: string } {
  const bytes = readFileSync(file);
  if (extension === '.svg' || looksLikeSvg(bytes.toString('utf8', 0, 4096))) {
    if (extension !== '.svg') return { ok: false, problem: `holds an SVG drawing: name it \`.svg\`` };
    if (!looksLikeSvg(bytes.toString('utf8', 0, 4096))) return { ok: false, problem: 'is named `.svg` but is not an SVG drawing' };
    const result = sanitizeSvg(bytes.toString('utf8'));
    if (!result.ok) return { ok: false, problem: `(SVG) ${result.problem}: export it again as a plain drawing (or as PNG)` };
    return { ok: true, data: Buffer.from(result.svg) };
  }
  const matches = rasterMagic[extension];
  if (matches && !matches(bytes.subarray(0, 16))) {
    return { ok: false, problem: `is not a ${extension.slice(1).toUpperCase()} image (its content does not start like one)` };
  }
  return { ok: true };
}

function decodeReference(reference: string): string | undefined {
  try {
    return decodeURI(reference.split(/[?#]/)[0] ?? '');
  } catch {
    return undefined;
  }
}

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The relative URL from an output page at `pagePath` to `outputPath`, both relative to the output root. */
export function relativeUrl(pagePath: string, outputPath: string): string {
  const from = path.posix.dirname(pagePath);
  const rel = path.posix.relative(from, outputPath);
  return encodeURI(rel === '' ? path.posix.basename(outputPath) : rel);
}
