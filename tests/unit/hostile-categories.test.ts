// Category file names are ASCII and bounded: accents keep their base letter,
// other scripts become a short hash of the name, so no link is percent-encoded
// and no disk sees a name it normalises or refuses.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { categoryFileSlug } from '../../scripts/pipeline/core/category-file-slug.ts';
import { limits } from '../../scripts/pipeline/core/limits.ts';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { markDuplicateSlugs } from '../../scripts/pipeline/load/duplicate-slugs.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

it.each([
  ['North Atlantic Treaty Organization (NATO)', 'north-atlantic-treaty-organization-nato'],
  ['Security & Defence', 'security-defence'],
  ['Café Société', 'cafe-societe'],
  ['Straße & Øresund', 'strasse-oresund'],
])('%s -> %s', (name, slug) => {
  expect(categoryFileSlug(name)).toBe(slug);
});

it.each(['安全保障', '北大西洋条約機構（NATO）', 'Безопасность', 'الأمن', 'Security & Defence '.repeat(18)])(
  '%s becomes ASCII within the limit, with a hash that tells names apart',
  (name) => {
    const slug = categoryFileSlug(name);
    expect(slug).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(slug.length).toBeLessThanOrEqual(limits.categoryFileBytes);
    expect(categoryFileSlug(`${name}2`)).not.toBe(slug);
  },
);

it('keeps the Latin part of a mixed name', () => {
  expect(categoryFileSlug('北大西洋条約機構（NATO）')).toMatch(/^nato-[0-9a-f]{8}$/);
  expect(categoryFileSlug('安全保障')).toMatch(/^category-[0-9a-f]{8}$/);
});

it('two category names with one file name fail at their category: lines; the same name twice is fine', async () => {
  const dir = tempDir();
  const config = withDefaults(siteSchema.parse({ organization: 'Ministry', lang: 'en' }));
  const files = { 'a.md': 'Security & Defence', 'b.md': 'Security / Defence', 'c.md': 'Security & Defence', 'd.md': 'Travel' };
  const loaded = [];
  for (const [name, category] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), `---\ntitle: T\ndate: 2024-01-01\ncategory: ${category}\n---\n\nText.\n`);
    loaded.push(await loadRelease(path.join(dir, name), { contentDir: dir, templatesDir, config }));
  }
  markDuplicateSlugs(loaded.flatMap((l) => (l.release ? [l.release] : [])));
  const lines = formatMessages(
    loaded.map((l) => l.file),
    dir,
  );
  expect(lines).toEqual([
    expect.stringMatching(
      /^a\.md:4:11: error: Category `Security & Defence` would share categories\/security-defence\.html with `Security \/ Defence` \(.*b\.md\): write the category the same way in every release \[duplicate-category\]$/,
    ),
    expect.stringMatching(
      /^b\.md:4:11: error: Category `Security \/ Defence` would share categories\/security-defence\.html with `Security & Defence` \(.*a\.md\)/,
    ),
    expect.stringMatching(/^c\.md:4:11: error: Category `Security & Defence`/),
  ]);
});
