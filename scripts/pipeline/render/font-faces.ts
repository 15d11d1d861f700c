// Where a face named in templates/fonts.yml lives in its npm package, and
// which characters a whole font file covers. Two kinds of package:
//   @fontsource/NAME          `<face>.css` with unicode-range slices (woff2);
//   @expo-google-fonts/NAME   one whole TrueType file per face (`400Regular/…_400Regular.ttf`),
//                             cut down per page at build time (write/font-subset.ts).
// Also the @font-face text for both kinds.
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';

export type FaceSource = { readonly kind: 'slices'; readonly css: string } | { readonly kind: 'whole'; readonly font: string };

/** The package kinds fonts.yml accepts, as the start of a package name. */
export const fontPackageScopes = ['@fontsource/', '@expo-google-fonts/'] as const;

/** `400`, `700-italic` -> where that face is in the package; undefined when the package has no such face. */
export function faceSource(packageName: string, packageDir: string, face: string): FaceSource | undefined {
  if (packageName.startsWith('@fontsource/')) {
    const css = path.join(packageDir, `${face}.css`);
    return existsSync(css) ? { kind: 'slices', css } : undefined;
  }
  const [weight, italic] = face.split('-');
  const folder = readdirSync(packageDir).find(
    (name) => name.startsWith(weight ?? '') && name.endsWith('_Italic') === (italic !== undefined),
  );
  const font = folder && readdirSync(path.join(packageDir, folder)).find((name) => name.endsWith('.ttf'));
  return folder && font ? { kind: 'whole', font: path.join(packageDir, folder, font) } : undefined;
}

const rangesByFile = new Map<string, string>();

/** The CSS `unicode-range` of the characters a TrueType/OpenType file maps (its cmap), for the script-coverage check; read once per file. */
export function unicodeRangeOf(fontFile: string): string {
  const known = rangesByFile.get(fontFile);
  if (known !== undefined) return known;
  const range = readUnicodeRange(fontFile);
  rangesByFile.set(fontFile, range);
  return range;
}

function readUnicodeRange(fontFile: string): string {
  const ranges = cmapRanges(fontFile);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const hex = (n: number) => n.toString(16).toUpperCase();
  return merged.map(([start, end]) => (start === end ? `U+${hex(start)}` : `U+${hex(start)}-${hex(end)}`)).join(', ');
}

/** Reads only the table directory and the cmap: a CJK font is megabytes of outlines we do not need here. */
function cmapRanges(fontFile: string): Array<[number, number]> {
  const fd = openSync(fontFile, 'r');
  try {
    const read = (offset: number, length: number): Buffer => {
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, offset);
      return buffer;
    };
    const tables = read(4, 2).readUInt16BE(0);
    const directory = read(12, tables * 16);
    for (let i = 0; i < tables; i++) {
      if (directory.toString('latin1', i * 16, i * 16 + 4) !== 'cmap') continue;
      return parseCmap(read(directory.readUInt32BE(i * 16 + 8), directory.readUInt32BE(i * 16 + 12)));
    }
    return [];
  } finally {
    closeSync(fd);
  }
}

function parseCmap(cmap: Buffer): Array<[number, number]> {
  const records = cmap.readUInt16BE(2);
  const subtables = Array.from({ length: records }, (_, i) => cmap.readUInt32BE(4 + i * 8 + 4));
  // Format 12 (all of Unicode) when there is one, else format 4 (the BMP).
  const full = subtables.find((offset) => cmap.readUInt16BE(offset) === 12);
  if (full !== undefined) {
    const groups = cmap.readUInt32BE(full + 12);
    return Array.from({ length: groups }, (_, g): [number, number] => [
      cmap.readUInt32BE(full + 16 + g * 12),
      cmap.readUInt32BE(full + 20 + g * 12),
    ]);
  }
  const bmp = subtables.find((offset) => cmap.readUInt16BE(offset) === 4);
  if (bmp === undefined) return [];
  const segments = cmap.readUInt16BE(bmp + 6) / 2;
  const ends = bmp + 14;
  const starts = ends + segments * 2 + 2;
  return Array.from({ length: segments }, (_, s): [number, number] => [
    cmap.readUInt16BE(starts + s * 2),
    cmap.readUInt16BE(ends + s * 2),
  ]).filter(([start]) => start !== 0xffff);
}

export interface WholeFace {
  readonly family: string;
  readonly weight: string;
  readonly style: 'normal' | 'italic';
  /** Absolute path of the TrueType file. */
  readonly font: string;
}

/**
 * Keeps only the woff2 source of each @font-face (Chrome reads it; the woff
 * copies would double the files) and makes text wait for the font: with
 * fontsource's `swap`, a page printed early could show a fallback face.
 */
export function rewriteFontFaces(css: string, use: (file: string) => void): string {
  return css
    .replace(/src:\s*url\(\.\/files\/([^)]+\.woff2)\)\s*format\('woff2'\)[^;]*;/g, (_m, file: string) => {
      use(file);
      return `src: url(${file}) format('woff2');`;
    })
    .replace(/font-display:\s*swap;/g, 'font-display: block;')
    .replace(/^\/\*.*\*\/$/gm, '')
    .replace(/\n{2,}/g, '\n');
}

/** One @font-face; `font-display: block` so text waits for the font (a page printed early shows no fallback face). */
export function fontFaceRule(face: WholeFace, url: string, unicodeRange?: string): string {
  const range = unicodeRange ? `\n  unicode-range: ${unicodeRange};` : '';
  return `@font-face {\n  font-family: '${face.family}';\n  font-style: ${face.style};\n  font-display: block;\n  font-weight: ${face.weight};\n  src: url(${url}) format('${url.endsWith('.woff') ? 'woff' : 'truetype'}');${range}\n}`;
}
