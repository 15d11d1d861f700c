import { rmSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../scripts/pipeline/markdown/markdown.ts';
import { parseMarkdown } from '../../scripts/pipeline/markdown/parse-markdown.ts';
import { tempDir } from '../helpers/project.ts';

const dir = tempDir('briefing-title-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function render(markdown: string, title: string) {
  const file = new VFile({ path: path.join(dir, 'doc.md'), value: markdown });
  const result = renderMarkdown(parseMarkdown(file), file, { contentDir: dir, outputPath: 'doc.html', lang: 'en', title });
  return { html: result.html, messages: file.messages };
}

describe('a leading # heading equal to the title', () => {
  it('is dropped with a warning at its line', () => {
    const { html, messages } = render('---\ntitle: Port  statistics\n---\n\n# Port statistics\n\nText.\n', 'Port statistics');
    expect(html).not.toContain('<h1');
    expect(html).toContain('<p>Text.</p>');
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.fatal])).toEqual([['duplicate-title', 5, 1, false]]);
  });

  it('stays when it differs from the title, is not first, or is not level 1', () => {
    for (const markdown of ['# Another heading\n', 'Intro.\n\n# Port statistics\n', '## Port statistics\n']) {
      const { html, messages } = render(markdown, 'Port statistics');
      expect(html).toMatch(/<h[12]/);
      expect(messages).toEqual([]);
    }
  });
});
