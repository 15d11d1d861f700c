import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTemplateEngine,
  cssString,
  TemplateError,
  withContentSecurityPolicy,
} from '../../scripts/pipeline/render/render-template.ts';
import { tempDir } from '../helpers/project.ts';

function templates(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title><style>p{}</style></head><body>${body}</body></html>`;

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

  it("adds a Content-Security-Policy that allows only the page's own styles", () => {
    const html = withContentSecurityPolicy(page(''));
    expect(html).toMatch(
      /<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; style-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'; img-src 'self' data:; font-src 'self'; base-uri 'self'; form-action 'none'">/,
    );
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
