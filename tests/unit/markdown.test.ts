import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { renderMarkdown } from '../../scripts/pipeline/markdown/markdown.ts';
import { parseMarkdown } from '../../scripts/pipeline/markdown/parse-markdown.ts';
import { tempDir } from '../helpers/project.ts';

function render(markdown: string, options: { dir?: string; outputPath?: string; lang?: string } = {}) {
  const dir = options.dir ?? tempDir();
  const file = new VFile({ path: path.join(dir, 'doc.md'), value: markdown });
  const result = renderMarkdown(parseMarkdown(file), file, {
    contentDir: dir,
    outputPath: options.outputPath ?? 'doc.html',
    lang: options.lang ?? 'en',
  });
  return { ...result, lines: formatMessages([file], dir), file };
}

describe('markdown', () => {
  it('renders GFM tables, autolinks and footnotes with plain ids', () => {
    const { html, lines } = render('Visit https://example.org today.[^1]\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[^1]: A note.\n');
    expect(lines).toEqual([]);
    expect(html).toContain('<a href="https://example.org">https://example.org</a>');
    expect(html).toContain('<table>');
    expect(html).toContain('href="#fn-1" id="fnref-1"');
    expect(html).toContain('<li id="fn-1">');
    expect(html).not.toContain('user-content-');
  });

  it('gives headings stable ids and lists them for the outline', () => {
    const { html, headings } = render('## Overview\n\n### Overview\n');
    expect(headings).toEqual([
      { depth: 2, text: 'Overview', id: 'section-overview' },
      { depth: 3, text: 'Overview', id: 'section-overview-1' },
    ]);
    expect(html).toContain('<h2 id="section-overview">');
  });

  it('keeps the apostrophes as written', () => {
    expect(render("NATO's and NATO’s\n").html).toContain("NATO's and NATO’s");
  });

  it('keeps harmless raw HTML (abbr, figure, sup) and drops scripts, handlers and javascript: links with a warning at their line', () => {
    const { html, lines } = render(
      'Text <abbr title="Official Development Assistance">ODA</abbr><sup>2</sup>.\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">link</a>\n\n<iframe src="file:///etc/passwd"></iframe>\n',
    );
    expect(html).toContain('<abbr title="Official Development Assistance">ODA</abbr><sup>2</sup>');
    expect(html).not.toMatch(/script|onclick|javascript|iframe|passwd/);
    expect(html).toContain('link');
    expect(lines).toEqual([
      'doc.md:3:1: warning: Removed `<script>`: raw HTML may not contain it in a release [unsafe-html]',
      'doc.md:5:1: warning: Removed `href` with a `javascript:` URL on `<a>` [unsafe-html]',
      'doc.md:5:1: warning: Removed event handler `onclick` on `<a>` [unsafe-html]',
      'doc.md:7:1: warning: Removed `<iframe>`: raw HTML may not contain it in a release [unsafe-html]',
    ]);
  });

  it('resolves images inside the content folder to assets/ relative to the page', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'img'));
    writeFileSync(path.join(dir, 'img/map.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const { html, assets, lines } = render('![A map](img/map.svg)\n', { dir, outputPath: 'nato/doc.html' });
    expect(lines).toEqual([]);
    expect(html).toContain('<img src="../assets/img/map.svg" alt="A map">');
    // An SVG is published from its sanitized bytes (see sanitize-svg.ts), never copied.
    expect(assets).toMatchObject([{ source: path.join(dir, 'img/map.svg'), output: 'assets/img/map.svg' }]);
  });

  it('refuses images outside the content folder, missing ones and symlinks out, at their line', () => {
    const dir = tempDir();
    symlinkSync('/etc/hostname', path.join(dir, 'link.png'));
    const { html, lines } = render('![a](../secret.png)\n\n![b](/etc/passwd.png)\n\n![c](missing.png)\n\n![d](link.png)\n', { dir });
    expect(html).not.toContain('<img');
    expect(lines).toEqual([
      'doc.md:1:1: error: Image `../secret.png` points outside the content folder [image-missing]',
      'doc.md:3:1: error: Image `/etc/passwd.png` must be a path relative to the release, inside the content folder [image-missing]',
      expect.stringMatching(/^doc\.md:5:1: error: Image `missing\.png` not found/),
      'doc.md:7:1: error: Image `link.png` is a link to a file outside the content folder [image-missing]',
    ]);
  });

  it('removes remote images with a warning and keeps their alt text', () => {
    const { html, lines } = render('![Logo of NATO](https://example.org/logo.png)\n');
    expect(html).toContain('Logo of NATO');
    expect(html).not.toContain('example.org');
    expect(lines[0]).toMatch(/^doc\.md:1:1: warning: Removed remote image/);
  });

  it('warns about an image without alt text', () => {
    const dir = tempDir();
    // The content must be a PNG for a `.png` name: the signature is enough.
    writeFileSync(path.join(dir, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(render('![](a.png)\n', { dir }).lines).toEqual([
      'doc.md:1:1: warning: Image has no alt text: describe it for readers who cannot see it [image-alt]',
    ]);
  });

  it('labels footnotes in the document language', () => {
    expect(render('A[^1]\n\n[^1]: B\n', { lang: 'ja' }).html).toContain('>注</h2>');
  });
});
