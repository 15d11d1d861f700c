// A pack's font files are its own: the subset cut for its characters is in
// the manifest (under the collections' files), so the build that no longer
// needs it removes it, as it removes a release's. HTML only, no browser.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { ownedFiles } from '../../scripts/pipeline/incremental/manifest.ts';
import { readManifest } from '../../scripts/pipeline/incremental/manifest-file.ts';
import { fontsDir } from '../../scripts/pipeline/render/fonts.ts';
import { copyFixture, tempDir, templatesDir } from '../helpers/project.ts';

const content = copyFixture('japanese');
const out = path.join(tempDir('briefing-pack-fonts-'), 'out');
const packFile = path.join(content, 'packs', 'nato.yml');
const pack = (title: string) =>
  writeFileSync(packFile, `title: ${title}\ndate: 2023-04-10\nlang: ja\nreleases: [2023-04-05-hayashi-stoltenberg-ja]\n`);
const run = () => build({ contentDir: content, outDir: out, templatesDir, formats: new Set(['html']), concurrency: 2 });
const fontFiles = () => readdirSync(path.join(out, fontsDir)).map((name) => `${fontsDir}/${name}`);
const packSets = () =>
  [...readFileSync(path.join(out, 'packs/nato.html'), 'utf8').matchAll(/fonts\/(ja-[0-9a-f]{12})\.css/g)].map((m) => m[1]);

beforeAll(async () => {
  mkdirSync(path.dirname(packFile), { recursive: true });
  pack('猫と犬の資料');
  const report = await run();
  expect(report.documents.every((d) => d.ok)).toBe(true);
}, 120_000);

describe('the font files of a pack', () => {
  it('are in the manifest, like every other file the build wrote', async () => {
    const owned = ownedFiles(await readManifest(out));
    const linked = packSets();
    expect(linked.length).toBe(1);
    expect(owned.has(`${fontsDir}/${linked[0]}.css`)).toBe(true);
    // Its own subset, not the release page's: the title's characters are not in the release.
    expect(Object.keys((await readManifest(out))?.fonts.sets ?? {})).not.toContain(linked[0]);
    expect(fontFiles().filter((file) => !owned.has(file))).toEqual([]);
  });

  it('are removed when the pack needs other characters, and the new subset is owned', async () => {
    const [before] = packSets();
    pack('魚と鳥の資料');
    await run();
    const [after] = packSets();
    expect(after).not.toBe(before);
    expect(existsSync(path.join(out, `${fontsDir}/${before}.css`))).toBe(false);
    const owned = ownedFiles(await readManifest(out));
    expect(fontFiles().filter((file) => !owned.has(file))).toEqual([]);
  });
});
