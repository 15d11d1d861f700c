// Two pack files with one name (p.yml and p.md, or P.yml on a case-blind disk)
// would write the same packs/p.pdf: the second is an error at its first line.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { findPacks, loadPack } from '../../scripts/pipeline/load/load-packs.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { tempDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({ organization: 'Ministry', lang: 'en' }));
const yaml = 'title: Pack\ndate: 2024-01-01\nreleases: [a]\n';

it('refuses a second pack file that would write the same output', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'packs'));
  writeFileSync(path.join(dir, 'packs', 'brief.yml'), yaml);
  writeFileSync(path.join(dir, 'packs', 'Brief.md'), `---\n${yaml}---\n`);
  writeFileSync(path.join(dir, 'packs', 'other.yaml'), yaml);
  const results = await Promise.all((await findPacks(dir)).map((source) => loadPack(source, { config })));
  const lines = formatMessages(
    results.map((r) => r.file),
    dir,
  );
  expect(lines).toEqual([
    'packs/brief.yml:1:1: error: Pack `brief` would overwrite packs/Brief.pdf from Brief.md: rename one of the files [duplicate-slug]',
  ]);
});
