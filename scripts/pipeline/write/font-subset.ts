// A full font cut down to the characters one page prints, as WOFF: a CJK
// font is 5 MB and 17,000 glyphs, a page needs a few hundred of them. HarfBuzz
// (through subset-font's WebAssembly build) does the cutting; the result
// depends only on the font file and the characters, so it is cached on disk
// under that key and a repeated or incremental build does not redo it.
// WOFF, not WOFF2: WOFF2's Brotli at its highest quality took about 1.9 s a
// face for the Japanese test release, WOFF's zlib 0.18 s, for files about a
// third larger (136 KB instead of 103 KB); the PDF is the same either way,
// since Chromium embeds its own subset of whichever file it loaded.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './write-output.ts';

/**
 * Where subsets are kept between builds: the project's node_modules/.cache, as
 * other build tools do (beside, not inside, briefing-press/, whose old bundles
 * scripts/run.mjs prunes).
 */
export const defaultSubsetCache = path.resolve(fileURLToPath(import.meta.url), '../../../../node_modules/.cache/briefing-press-fonts');

/** One subset at a time: HarfBuzz runs in one WebAssembly instance, and the machine's cores print pages meanwhile. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The WOFF subset of `fontFile` holding the glyphs of `characters` (and
 * whatever glyphs its layout features reach from them). Same file, same
 * characters: same bytes.
 */
export async function subsetFontFile(fontFile: string, characters: string, cacheDir = defaultSubsetCache): Promise<Uint8Array> {
  const stat = statSync(fontFile);
  const key = createHash('sha256')
    .update(JSON.stringify([path.resolve(fontFile), stat.size, stat.mtimeMs, characters]))
    .digest('hex');
  const cached = path.join(cacheDir, `${key}.woff`);
  try {
    return readFileSync(cached);
  } catch {
    // not made yet
  }
  const run = queue.then(async () => {
    const { default: subsetFont } = await import('subset-font');
    return subsetFont(await readFile(fontFile), characters, { targetFormat: 'woff' });
  });
  queue = run.catch(() => undefined);
  const bytes = await run;
  try {
    mkdirSync(cacheDir, { recursive: true });
    await writeFileAtomic(cached, bytes);
  } catch {
    // A read-only cache only costs time.
  }
  return bytes;
}
