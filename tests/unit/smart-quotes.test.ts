import { rmSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from '../../scripts/pipeline/markdown/markdown.ts';
import { siteSchema } from '../../scripts/pipeline/schema/config.ts';
import { tempDir } from '../helpers/project.ts';

const dir = tempDir('briefing-quotes-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function render(markdown: string, smartQuotes: boolean): string {
  const file = new VFile({ path: path.join(dir, 'doc.md'), value: markdown });
  return renderMarkdown(parseMarkdown(file), file, { contentDir: dir, outputPath: 'doc.html', lang: 'en', smartQuotes }).html;
}

const source = 'The minister said "it\'s time" -- twice...\n\nRun `say "hi" -- now`:\n\n```\necho "it\'s" --flag\n```\n';

describe('smart_quotes', () => {
  it('is on by default in site.yml', () => {
    expect(siteSchema.parse({}).smart_quotes).toBe(true);
  });

  it('sets typographic quotes, apostrophes and dashes in text, never inside code', () => {
    const html = render(source, true);
    expect(html).toContain('The minister said “it’s time” – twice…');
    expect(html).toContain('<code>say "hi" -- now</code>');
    expect(html).toContain('echo "it\'s" --flag');
  });

  it('leaves the text as written when off', () => {
    expect(render(source, false)).toContain('The minister said "it\'s time" -- twice...');
  });
});
