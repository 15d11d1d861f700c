// Property: whatever bytes a release holds, loading and rendering it either
// produces HTML or reports a fatal message with a position; neither stage
// throws. fast-check shrinks any counterexample to a small release.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hasErrors } from '../../scripts/pipeline/core/messages.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { renderRelease } from '../../scripts/pipeline/render/render-release.ts';
import { createTemplateEngine, type TemplateEngine } from '../../scripts/pipeline/render/render-template.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({}));
let contentDir: string;
let engine: TemplateEngine;
let counter = 0;

beforeAll(async () => {
  contentDir = tempDir('briefing-property-');
  mkdirSync(path.join(contentDir, 'images'));
  writeFileSync(path.join(contentDir, 'images/ok.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  engine = await createTemplateEngine(templatesDir);
});

/** Loads and renders `bytes` as a release; returns what happened, and throws only if a stage threw. */
async function loadAndRender(bytes: Uint8Array): Promise<void> {
  const file = path.join(contentDir, `2024-01-01-case-${counter++}.md`);
  writeFileSync(file, bytes);
  const loaded = await loadRelease(file, { contentDir, templatesDir, config });
  let html: string | undefined;
  if (loaded.release) html = (await renderRelease(loaded.release, { contentDir, config, engine }))?.html;
  for (const message of loaded.file.messages) {
    expect(message.line, message.reason).toBeGreaterThanOrEqual(1);
    expect(message.column, message.reason).toBeGreaterThanOrEqual(1);
  }
  if (html === undefined || hasErrors(loaded.file)) {
    expect(loaded.file.messages.some((m) => m.fatal)).toBe(true);
  } else {
    expect(html).toContain('</html>');
    expect(html).not.toMatch(/<script/i);
  }
}

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom('2024-02-30', '2024-01-01', 'images/ok.png', '../../etc/passwd.png', '<script>x</script>', 'en', 'ja', 'a4'),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), scalar, { maxKeys: 2 }));
const keys = [
  'title',
  'date',
  'lang',
  'category',
  'summary',
  'author',
  'image',
  'image_alt',
  'caption',
  'template',
  'slug',
  'tags',
  'short_title',
  'paper',
  'tilte',
];
const frontMatter = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value, { maxKeys: 8 });

const fragment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '# Heading',
    '<script>alert(1)</script>',
    '<img src="x" onerror="alert(1)">',
    '<img src="images/ok.png">',
    '![a](images/ok.png)',
    '![a](../../../etc/passwd)',
    '![a](https://example.invalid/x.png)',
    '[l](javascript:alert(1))',
    '<iframe src="file:///etc/passwd"></iframe>',
    '<svg><script>1</script></svg>',
    '| a | b |\n| - | - |\n| 1 | 2 |',
    '[^1]\n\n[^1]: note',
    '```\ncode\n```',
    '<!--',
    '<div>',
    '</p>',
    '\r\n',
    '\uFEFF',
    '\u0000',
    '---',
    '    indented',
    '> quote',
    '- [ ] task',
  ),
);
const body = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('\n'));

const encoder = new TextEncoder();

describe('load + render never throw', () => {
  it('over generated front matter and Markdown', async () => {
    await fc.assert(
      fc.asyncProperty(frontMatter, body, fc.boolean(), fc.boolean(), async (fm, md, crlf, bom) => {
        let text = `---\n${stringify(fm)}---\n\n${md}`;
        if (crlf) text = text.replaceAll('\n', '\r\n');
        if (bom) text = `\uFEFF${text}`;
        await loadAndRender(encoder.encode(text));
      }),
      { numRuns: 150 },
    );
  });

  it('over raw front matter text (broken YAML included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), body, async (yamlText, md) => {
        await loadAndRender(encoder.encode(`---\ntitle: T\ndate: 2024-01-01\n${yamlText}\n---\n${md}`));
      }),
      { numRuns: 150 },
    );
  });

  it('over arbitrary bytes (invalid UTF-8 included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const head = encoder.encode('---\ntitle: T\ndate: 2024-01-01\n---\n');
        await loadAndRender(new Uint8Array([...head, ...bytes]));
      }),
      { numRuns: 150 },
    );
  });
});
