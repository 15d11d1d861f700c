// Whole CJK fonts cut per page (fonts/write-font-sets.ts): the Japanese
// fixture's PDF holds one font program per face and half the bytes it held
// with @fontsource's unicode-range slices, the sample's fonts folder stays
// small, and the same content gives the same font files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { pdfFonts } from '../helpers/pdf.ts';
import { fixtures, sampleContent, tempDir, templatesDir } from '../helpers/project.ts';

/** The fixture's PDF with one font file per unicode-range slice (81 font objects), on main before subsetting. */
const slicedPdfBytes = 319_689;
const fontsFolderLimit = 3 * 1024 * 1024;
const japanesePdf = '2023-04-05-hayashi-stoltenberg-ja.pdf';

const outs: string[] = [];

function fontFiles(out: string): Map<string, Buffer> {
  const dir = path.join(out, 'assets/fonts');
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

beforeAll(async () => {
  for (const content of [path.join(fixtures, 'japanese'), path.join(fixtures, 'japanese'), sampleContent]) {
    const out = tempDir('briefing-subsets-');
    const report = await build({ contentDir: content, outDir: out, templatesDir, concurrency: 2 });
    expect(report.documents.flatMap((d) => d.file.messages.map((m) => m.reason))).toEqual([]);
    outs.push(out);
  }
}, 300_000);

describe('the Japanese fixture', () => {
  it('embeds at most one font program per face', () => {
    const faces = pdfFonts(path.join(outs[0] ?? '', japanesePdf)).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(faces.some((face) => face.startsWith('NotoSerifJP'))).toBe(true);
    expect(faces.length).toBe(new Set(faces).size);
  });

  it('prints at most half the bytes of the sliced fonts', () => {
    expect(statSync(path.join(outs[0] ?? '', japanesePdf)).size).toBeLessThanOrEqual(slicedPdfBytes / 2);
  });

  it('gets the same font files, byte for byte, from two builds', () => {
    const [first, second] = [fontFiles(outs[0] ?? ''), fontFiles(outs[1] ?? '')];
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(second.get(name)?.equals(bytes), name).toBe(true);
  });
});

describe("the sample's fonts folder", () => {
  it(`holds at most ${fontsFolderLimit} bytes: one subset per face per Japanese set, not every slice`, () => {
    const files = fontFiles(outs[2] ?? '');
    const bytes = [...files.values()].reduce((sum, file) => sum + file.length, 0);
    expect(bytes).toBeLessThanOrEqual(fontsFolderLimit);
    // The Japanese release's set, and the listing pages' (they show its title): one file per face each, at most.
    const sets = [...files.keys()].filter((name) => /^ja-[0-9a-f]{12}\.css$/.test(name));
    expect(sets.length).toBeGreaterThan(0);
    const cuts = [...files.keys()].filter((name) => name.startsWith('noto-serif-jp-400'));
    expect(cuts.length).toBeGreaterThan(0);
    expect(cuts.length).toBeLessThanOrEqual(sets.length);
  });
});
