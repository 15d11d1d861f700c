// Images are resolved inside the content folder and copied into `<out>/assets/`
// under the same relative path, so the output folder can be zipped and opened
// from disk, and no page ever reaches outside what the build put there.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Asset {
  /** Absolute path of the file in the content folder. */
  readonly source: string;
  /** Path inside the output folder, with `/` separators: `assets/images/map.svg`. */
  readonly output: string;
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
  if (path.extname(real).toLowerCase() === '.svg') {
    const problem = svgProblem(readFileSync(real, 'utf8'));
    if (problem) {
      return { ok: false, reason: `SVG image \`${reference}\` ${problem}: export it again as a plain drawing (or as PNG)` };
    }
  }
  const output = `assets/${path.relative(root, target).split(path.sep).join('/')}`;
  return { ok: true, asset: { source: real, output } };
}

/**
 * An SVG is copied into the output as is, and a reader who opens it directly
 * (not through an <img>) gets a full document: script runs, links load. So an
 * SVG file that carries script, event handlers, embedded HTML or references to
 * anything outside itself is refused rather than published.
 */
export function svgProblem(svg: string): string | undefined {
  if (/<script\b/i.test(svg)) return 'contains a <script>';
  if (/<foreignObject\b/i.test(svg)) return 'contains a <foreignObject> (embedded HTML)';
  if (/<!ENTITY\b/i.test(svg)) return 'declares XML entities';
  if (/\son[a-z]+\s*=/i.test(svg)) return 'contains an event handler attribute';
  if (/@import\b/i.test(svg)) return 'imports a stylesheet';
  const refs = [
    ...svg.matchAll(/\s(?:xlink:)?(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi),
    ...svg.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)/gi),
  ].map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim());
  const outside = refs.find((ref) => !ref.startsWith('#') && !/^data:image\/(png|jpeg|gif|webp|avif)[;,]/i.test(ref));
  return outside === undefined ? undefined : `refers to \`${outside.slice(0, 80)}\` outside itself`;
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
