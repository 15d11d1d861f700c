import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releasesForSelection } from '../../scripts/pipeline/load/pack-selection.ts';
import { tempDir } from '../helpers/project.ts';

const dir = tempDir('briefing-pack-selection-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'packs'));
const sources = ['2024-01-01-a.md', '2024-01-02-b.md', '2024-01-03-c.md'].map((name) => path.join(dir, name));
const listed = path.join(dir, 'packs/listed.yml');
const selecting = path.join(dir, 'packs/selecting.md');
writeFileSync(listed, 'title: Two\ndate: 2024-02-01\nreleases: [2024-01-03-c, 2024-01-01-a.md]\n');
writeFileSync(selecting, '---\ntitle: All of a category\ndate: 2024-02-01\nselect:\n  category: Trade\n---\n');
const packs = [listed, selecting];

describe('naming a pack file on the command line', () => {
  it('builds the releases the pack lists, with any release named beside it', async () => {
    expect(await releasesForSelection([listed, sources[1] as string], packs, sources)).toEqual([sources[2], sources[0], sources[1]]);
  });

  it('builds every release for a pack that selects by category, tag or date', async () => {
    expect(await releasesForSelection([selecting], packs, sources)).toBeUndefined();
  });

  it('leaves release files as they are', async () => {
    expect(await releasesForSelection([sources[0] as string], packs, sources)).toEqual([sources[0]]);
  });
});
