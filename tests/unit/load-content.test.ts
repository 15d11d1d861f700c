import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { findReleases, loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { fixtures, tempDir, templatesDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({ organization: 'Ministry', lang: 'en' }));

async function load(text: string | Buffer, name = 'release.md') {
  const dir = tempDir();
  writeFileSync(path.join(dir, name), text);
  const { file, release } = await loadRelease(path.join(dir, name), { contentDir: dir, templatesDir, config });
  return { release, lines: formatMessages([file], dir) };
}

describe('load content', () => {
  it('finds releases recursively, sorted, skipping packs/ and hidden or _ folders', async () => {
    const dir = tempDir();
    const skipped = ['packs/p.md', '_drafts/d.md', '.git/e.md', 'notes.txt', '_note.md', 'a/.f.md', 'a/_x/g.md', 'a/packs/h.md'];
    for (const file of ['b.md', 'a/c.md', ...skipped]) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), '');
    }
    const found = (await findReleases(dir)).map((f) => path.relative(dir, f));
    // packs/ is reserved only at the top: a/packs/ is an ordinary folder.
    expect(found).toEqual(['a/c.md', 'a/packs/h.md', 'b.md']);
  });

  it('applies site defaults and derives the slug from the path', async () => {
    const { release, lines } = await load(
      '---\ntitle: T\ndate: 2023-04-04\ncategory: North Atlantic Treaty Organization (NATO)\n---\n\nBody.\n',
    );
    expect(lines).toEqual([]);
    expect(release).toMatchObject({
      title: 'T',
      lang: 'en',
      author: 'Ministry',
      template: 'release',
      slug: 'release',
      paper: 'a4',
      category: { name: 'North Atlantic Treaty Organization (NATO)', slug: 'north-atlantic-treaty-organization-nato' },
    });
  });

  it('reads a file with a BOM and CRLF line endings, without a final newline', async () => {
    const { release, lines } = await load('\uFEFF---\r\ntitle: T\r\ndate: 2023-04-04\r\n---\r\n\r\nBody.');
    expect(lines).toEqual([]);
    expect(release?.title).toBe('T');
  });

  it('reports an empty file as a release without front matter', async () => {
    expect((await load('')).lines).toEqual([
      'release.md:1:1: error: No front matter: a release starts with a `---` line, then `title:` and `date:`, then `---` [front-matter-missing]',
    ]);
  });

  it('reports invalid UTF-8 at the line and column of the bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\ndate: 2023-04-04\n---\n')]);
    expect((await load(bytes)).lines).toEqual(['release.md:2:11: error: Invalid UTF-8 (byte 0xE9): save the file as UTF-8 [encoding]']);
  });

  it('reports an unknown template at the template key', async () => {
    const { release, lines } = await load('---\ntitle: T\ndate: 2023-04-04\ntemplate: brochure\n---\n');
    expect(release).toBeUndefined();
    expect(lines[0]).toMatch(
      /^release\.md:4:11: error: Unknown template `brochure`: there is no .*templates\/brochure\.liquid \[unknown-template\]$/,
    );
  });

  it('requires alt text for a front matter image, and that the image exists', async () => {
    const { lines } = await load('---\ntitle: T\ndate: 2023-04-04\nimage: photo.jpg\n---\n');
    expect(lines).toEqual([
      expect.stringMatching(/^release\.md:4:8: error: Image `photo.jpg` not found/),
      'release.md:4:8: error: `image` needs `image_alt`: a description of the photo for readers who cannot see it [image-alt]',
    ]);
  });

  it('loads the broken fixture folder: one good release, three positioned errors', async () => {
    const dir = path.join(fixtures, 'broken');
    const results = await Promise.all((await findReleases(dir)).map((f) => loadRelease(f, { contentDir: dir, templatesDir, config })));
    expect(results.filter((r) => r.release).map((r) => r.release?.slug)).toEqual(['2023-05-01-good']);
    expect(
      formatMessages(
        results.map((r) => r.file),
        dir,
      ),
    ).toEqual([
      '2023-05-02-unclosed-quote.md:2:8: error: Invalid YAML in front matter: Missing closing " for the quote that opens here [front-matter-yaml]',
      '2023-05-03-impossible-date.md:3:7: error: Invalid `date` in front matter: `2023-02-30` is not a calendar date: February 2023 has 28 days [front-matter-invalid]',
      '2023-05-04-no-title.md:2:1: error: Missing required key `title` in front matter [front-matter-missing]',
    ]);
  });
});
