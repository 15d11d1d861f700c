// Hostile sizes: each is refused by the linear pre-scan (load/prescan-markdown.ts)
// at the line that crosses the limit, fast, and a good release beside it loads.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../scripts/pipeline/core/limits.ts';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { removeTempDirs, tempDir, templatesDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({}));
const head = '---\ntitle: Hostile\ndate: 2024-01-01\n---\n\n';
let contentDir: string;

beforeAll(() => {
  contentDir = tempDir('briefing-hostile-');
});
afterAll(removeTempDirs);

async function load(name: string, body: string) {
  const file = path.join(contentDir, name);
  writeFileSync(file, head + body);
  const started = Date.now();
  const loaded = await loadRelease(file, { contentDir, templatesDir, config });
  return { loaded, ms: Date.now() - started, messages: formatMessages([loaded.file], contentDir) };
}

describe('hostile sizes fail alone, fast, at a line', () => {
  it.each([
    ['quotes.md', `${'> '.repeat(10_000)}deep\n`, /nested 10000 deep.*\[limit-depth\]/, ':6:1:'],
    [
      'lists.md',
      Array.from({ length: 4000 }, (_, i) => `${'  '.repeat(i)}- item\n`).join(''),
      /nested 101 deep.*\[limit-depth\]/,
      ':106:1:',
    ],
    ['divs.md', `${'<div>'.repeat(50_000)}\n`, /Raw HTML nested 257 deep.*\[limit-html-depth\]/, ':6:'],
    [
      'notes.md',
      Array.from({ length: 100_000 }, (_, i) => `[^n${i}]: note\n`).join(''),
      /More than 1000 footnote/,
      `:${6 + limits.footnotes}:1:`,
    ],
    ['big.md', 'word '.repeat(300_000), /Release is \d+ bytes \(1 MiB\), expected at most 1 MiB/, ':1:1:'],
  ])('%s', async (name, body, reason, where) => {
    const { loaded, ms, messages } = await load(name, body);
    expect(loaded.release).toBeUndefined();
    expect(messages.join('\n')).toMatch(reason);
    expect(messages[0]).toContain(`${name}${where}`);
    expect(ms).toBeLessThan(5000);
  });

  it('a good release beside them still loads', async () => {
    const { loaded, messages } = await load('good.md', '> quoted\n\n- a\n  - b\n\n<div><p>x</p></div>\n\nText[^1].\n\n[^1]: note\n');
    expect(messages).toEqual([]);
    expect(loaded.release?.title).toBe('Hostile');
  });
});

describe('an exception while reading or rendering fails that release only', () => {
  it('a stack overflow becomes a positioned error, not a crash', async () => {
    const { VFile } = await import('vfile');
    const { failOnException } = await import('../../scripts/pipeline/core/caught-error.ts');
    const file = new VFile({ path: path.join('/tmp', 'deep.md') });
    failOnException(file, 'render', new RangeError('Maximum call stack size exceeded'), { line: 2, column: 1 });
    const [message] = formatMessages([file], '/tmp');
    expect(message).toMatch(/^deep\.md:2:1: error: Could not render this release: the document is nested too deeply/);
    expect(message).not.toContain('    at ');
  });
});

describe('a release may not write over another output', () => {
  it.each(['index', 'feed', 'categories/x', 'packs/a', 'assets/logo'])('slug: %s is refused at its line', async (slug) => {
    const { loaded, messages } = await load(`taken-${slug.replace('/', '-')}.md`, 'Body.\n');
    expect(loaded.release).toBeDefined(); // no slug key: path-derived slug is free
    const file = path.join(contentDir, 'taken.md');
    writeFileSync(file, `---\ntitle: Taken\ndate: 2024-01-01\nslug: ${slug}\n---\n\nBody.\n`);
    const taken = await loadRelease(file, { contentDir, templatesDir, config });
    expect(taken.release).toBeUndefined();
    expect(formatMessages([taken.file], contentDir)[0]).toMatch(/^taken\.md:4:\d+: error: Output path .*\[reserved-slug\]/);
    expect(messages).toEqual([]);
  });
});

describe('category file names', () => {
  it('a 336-character category loads, its file name cut to the limit with a hash', async () => {
    const name = 'Security and Defence '.repeat(16);
    const file = path.join(contentDir, 'long-category.md');
    writeFileSync(file, `---\ntitle: Long\ndate: 2024-01-01\ncategory: ${name}\n---\n\nBody.\n`);
    const loaded = await loadRelease(file, { contentDir, templatesDir, config });
    expect(formatMessages([loaded.file], contentDir)).toEqual([]);
    const category = loaded.release?.category;
    expect(category?.name).toBe(name.trim());
    expect(Buffer.byteLength(category?.slug ?? '', 'utf8')).toBeLessThanOrEqual(limits.categoryFileBytes);
    expect(category?.slug).toMatch(/^security-and-defence-.*-[0-9a-f]{8}$/);
  });
});
