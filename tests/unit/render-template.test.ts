import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { inspectPolicy } from '../../scripts/pipeline/render/csp.ts';
import { createTemplateEngine, cssString, TemplateError } from '../../scripts/pipeline/render/render-template.ts';
import { tempDir } from '../helpers/project.ts';

// Counts the HTML parses: a long page costs more to parse than to render.
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('parse5', async (importOriginal) => {
  const original = await importOriginal<typeof import('parse5')>();
  return {
    ...original,
    parse: (...args: Parameters<typeof original.parse>) => {
      parses.count++;
      return original.parse(...args);
    },
  };
});

function templates(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const csp = '{% if csp %}<meta http-equiv="Content-Security-Policy" content="{{ csp | raw }}">{% endif %}';
const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8">${csp}<title>t</title><style>p{}</style></head><body>${body}</body></html>`;

describe('render template', () => {
  it('escapes every variable unless the template says raw', async () => {
    const engine = await createTemplateEngine(templates({ 't.liquid': page('{{ title }}|{{ html | raw }}') }));
    const html = await engine.render('t', { title: '<script>"x"</script>', html: '<em>ok</em>' });
    expect(html).toContain('&lt;script&gt;&#34;x&#34;&lt;/script&gt;|<em>ok</em>');
  });

  it('supports layouts and partials', async () => {
    const dir = templates({
      'layouts/base.liquid': page('{% block main %}{% endblock %}'),
      'partials/hello.liquid': 'Hello {{ name }}',
      'child.liquid': '{% layout "layouts/base" %}{% block main %}{% include "partials/hello" %}{% endblock %}',
    });
    const html = await (await createTemplateEngine(dir)).render('child', { name: 'NATO' });
    expect(html).toContain('<body>Hello NATO</body>');
  });

  it('gives the page on disk a Content-Security-Policy that allows only its own styles, and the printed copy none', async () => {
    const engine = await createTemplateEngine(templates({ 't.liquid': page('<style media="print">h1{}</style>') }));
    const { html, print } = await engine.renderPage('t', {});
    const sha = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    expect(html).toContain(
      `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; style-src 'self' ${sha('p{}')} ${sha('h1{}')}; img-src 'self' data:; font-src 'self'; base-uri 'self'; form-action 'none'"><title>`,
    );
    expect(print).toBe(html.replace(/<meta http-equiv[^>]*>/, ''));
    expect(await engine.render('t', {})).toBe(html);
  });

  it('parses a page once for its policy', async () => {
    const engine = await createTemplateEngine(templates({ 't.liquid': page('{{ title }}') }));
    parses.count = 0;
    const { html } = await engine.renderPage('t', { title: 'x' });
    expect(parses.count).toBe(1);
    expect(html).toContain("style-src 'self' 'sha256-");
  });

  it('prints without the policy meta even when `http-equiv` is written elsewhere too (then checked by a second parse)', async () => {
    const quoted = page('<p>x</p>').replace('{{ csp | raw }}">', '{{ csp | raw }}" data-note="a>b">');
    const engine = await createTemplateEngine(
      templates({
        't.liquid': page('<p>x</p>'),
        'noted.liquid': page('<!-- no other http-equiv here --><p>x</p>'),
        'quoted.liquid': quoted,
      }),
    );
    const plain = await engine.renderPage('t', {});
    parses.count = 0;
    const noted = await engine.renderPage('noted', {});
    expect(parses.count).toBeGreaterThan(1);
    const withQuotedMark = await engine.renderPage('quoted', {});
    expect(withQuotedMark.print).not.toContain('b">');
    expect(withQuotedMark.print).toBe(withQuotedMark.html.replace(/<meta http-equiv[^>]*>b">/, ''));
    for (const { html, print } of [plain, noted]) {
      expect(inspectPolicy(html).declared).toEqual([inspectPolicy(html).needed]);
      expect(inspectPolicy(print).declared).toEqual([]);
      expect(print).toBe(html.replace(/<meta http-equiv[^>]*>/, ''));
    }
  });

  it('gives the same policy to a template that writes it escaped, or a page that quotes the stand-in', async () => {
    const escaped = page('').replace('{{ csp | raw }}', '{{ csp }}');
    const engine = await createTemplateEngine(templates({ 'escaped.liquid': escaped, 't.liquid': page('{{ title }}') }));
    const needed = inspectPolicy((await engine.renderPage('t', {})).html).needed;
    const written = await engine.renderPage('escaped', {});
    expect(written.html).toContain(`content="${needed.replaceAll("'", '&#39;')}"`);
    const quoting = await engine.renderPage('t', { title: "briefing-policy-'placeholder'" });
    expect(inspectPolicy(quoting.html).declared).toEqual([needed]);
    expect(quoting.html).toContain('<body>briefing-policy-&#39;placeholder&#39;</body>');
  });

  it('refuses a template that drops the policy, or writes its own', async () => {
    const bare = '<!doctype html><html><head><meta charset="utf-8"><style>p{}</style></head><body></body></html>';
    const own = bare.replace('<style>', `<meta http-equiv="Content-Security-Policy" content="default-src *">${csp}<style>`);
    const engine = await createTemplateEngine(templates({ 'bare.liquid': bare, 'own.liquid': own }));
    for (const name of ['bare', 'own']) {
      const error = await engine.render(name, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as Error).message).toMatch(/^The page has no Content-Security-Policy of its own/);
    }
  });

  it('reports a template error at its line in the template file', async () => {
    const dir = templates({ 'bad.liquid': page('\n\n{% if x %}never closed') });
    const error = await (await createTemplateEngine(dir)).render('bad', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ templatePath: path.join(dir, 'bad.liquid'), line: 3 });
  });

  it('quotes text for CSS so it cannot end the string or the style element', () => {
    expect(cssString('A "quoted" </style> title\\')).toBe('"A \\22 quoted\\22  \\3c /style\\3e  title\\5c "');
  });
});
