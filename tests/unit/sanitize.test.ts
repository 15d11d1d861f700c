// The sanitizer report: what releaseSchema drops is reported with its line,
// once per line and reason; harmless press-release structure is kept silently.
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../scripts/pipeline/markdown/markdown.ts';
import { parseMarkdown } from '../../scripts/pipeline/markdown/parse-markdown.ts';
import { sampleContent } from '../helpers/project.ts';

function render(markdown: string) {
  const file = new VFile({ path: `${sampleContent}/doc.md`, value: markdown });
  const { html } = renderMarkdown(parseMarkdown(file), file, { contentDir: sampleContent, outputPath: 'doc.html', lang: 'en' });
  const messages = file.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.reason}`);
  return { html, messages };
}

describe('sanitizer report', () => {
  it('keeps press-release structure without a word', () => {
    const { html, messages } = render(
      [
        '<figure><table><caption>Votes</caption><colgroup><col span="2"></colgroup><tr><th scope="col">A</th></tr></table><figcaption>Cap</figcaption></figure>',
        '',
        '<p><abbr title="North Atlantic Treaty Organization">NATO</abbr> H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd> <small>s</small> <mark>m</mark> <time datetime="2024-01-01">1 Jan</time></p>',
        '',
        '<dl><dt>Term</dt><dd>Definition</dd></dl>',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
    for (const tag of [
      '<figure>',
      '<figcaption>',
      '<caption>',
      '<col span="2">',
      '<abbr title=',
      '<sup>',
      '<sub>',
      '<kbd>',
      '<dl>',
      '<dt>',
      '<dd>',
      '<time datetime=',
    ]) {
      expect(html).toContain(tag);
    }
  });

  it.each([
    ['<script>alert(1)</script>', 'Removed `<script>`', '<script'],
    ['<p onclick="x()" onMouseOver="y()">t</p>', 'Removed event handler `onclick` on `<p>`', 'onclick'],
    ['<p onmouseover="y()">t</p>', 'Removed event handler `onmouseover` on `<p>`', 'onmouseover'],
    ['<a href="javascript:alert(1)">t</a>', 'Removed `href` with a `javascript:` URL on `<a>`', 'javascript:'],
    ['<a href=" JAVASCRIPT:alert(1)">t</a>', 'Removed `href` with a `javascript:` URL on `<a>`', 'JAVASCRIPT'],
    ['<a href="data:text/html,hi">t</a>', 'Removed `href` with a `data:` URL on `<a>`', 'data:text'],
    ['<iframe src="file:///etc/passwd"></iframe>', 'Removed `<iframe>`', 'iframe'],
    ['<object data="x"></object>', 'Removed `<object>`', 'object'],
    ['<embed src="x">', 'Removed `<embed>`', 'embed'],
    ['<form action="x"><input name="q"></form>', 'Removed `<form>`', 'form'],
    ['<style>@import url(http://127.0.0.1/x.css)</style>', 'Removed `<style>`', '@import'],
    ['<link rel="stylesheet" href="http://127.0.0.1/x.css">', 'Removed `<link>`', '<link'],
    ['<p style="background:url(http://127.0.0.1/x)">t</p>', 'Removed attribute `style` on `<p>`', 'style='],
    ['<svg><script>alert(1)</script></svg>', 'Removed `<svg>`', '<svg'],
    ['<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">', 'Removed `src` with a `data:` URL that is not a PNG', 'svg+xml'],
  ])('reports and removes %s', (input, reason, leftover) => {
    const { html, messages } = render(`Before.\n\n${input}\n\nAfter.`);
    expect(
      messages.some((m) => m.startsWith('3:') && m.includes(reason)),
      messages.join('\n'),
    ).toBe(true);
    expect(html).not.toContain(leftover);
    expect(html).toContain('Before.');
    expect(html).toContain('After.');
  });

  it('keeps a data: PNG image', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const { html, messages } = render(`![Dot](${png})`);
    expect(messages).toEqual([]);
    expect(html).toContain(png);
  });

  it('reports each thing once per line, even when repeated', () => {
    const { messages } = render('<p><script>a</script><script>b</script></p>');
    expect(messages.filter((m) => m.includes('<script>'))).toHaveLength(1);
  });
});
