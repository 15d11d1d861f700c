// A release may only use a release template: the templates of the listing,
// category pages and packs, layouts and partials, and paths are refused at the
// `template:` line.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({ organization: 'Ministry', lang: 'en' }));

async function load(template: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'release.md'), `---\ntitle: T\ndate: 2023-04-04\ntemplate: ${template}\n---\n\nText.\n`);
  const { file, release } = await loadRelease(path.join(dir, 'release.md'), { contentDir: dir, templatesDir, config });
  return { release, lines: formatMessages([file], dir) };
}

it.each(['index', 'category', 'pack'])('refuses `template: %s` at its line', async (name) => {
  const { release, lines } = await load(name);
  expect(release).toBeUndefined();
  expect(lines).toEqual([
    `release.md:4:11: error: \`template: ${name}\` is the template of a generated page, not of a release: expected \`release\` or a release template of your own [unknown-template]`,
  ]);
});

it.each(['layouts/document', '../release', 'partials/figure', 'document'])('refuses `template: %s` at its line', async (name) => {
  const { release, lines } = await load(name);
  expect(release).toBeUndefined();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^release\.md:4:11: error: /);
});

it('accepts the release template', async () => {
  const { release, lines } = await load('release');
  expect(lines).toEqual([]);
  expect(release?.template).toBe('release');
});
