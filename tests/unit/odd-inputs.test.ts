// Inputs as they arrive from many editors: BOM, CRLF, no final newline, an
// empty file, a 5 MB release, invalid UTF-8. Each loads and renders, or is
// refused with a positioned message.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { decodeUtf8 } from '../../scripts/pipeline/load/decode-text.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { renderRelease } from '../../scripts/pipeline/render/render-release.ts';
import { createTemplateEngine, type TemplateEngine } from '../../scripts/pipeline/render/render-template.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({}));
let contentDir: string;
let engine: TemplateEngine;

beforeAll(async () => {
  contentDir = tempDir('briefing-odd-');
  engine = await createTemplateEngine(templatesDir);
});

async function build(name: string, bytes: string | Uint8Array) {
  const file = path.join(contentDir, name);
  writeFileSync(file, bytes);
  const loaded = await loadRelease(file, { contentDir, templatesDir, config });
  const rendered = loaded.release ? await renderRelease(loaded.release, { contentDir, config, engine }) : undefined;
  return { loaded, html: rendered?.html, messages: formatMessages([loaded.file], contentDir) };
}

describe('odd inputs', () => {
  it('a UTF-8 BOM is dropped, not part of the front matter', async () => {
    const { loaded, html } = await build('bom.md', '\uFEFF---\ntitle: With BOM\ndate: 2024-01-01\n---\n\nBody.\n');
    expect(loaded.release?.title).toBe('With BOM');
    expect(html).toContain('<p>Body.</p>');
    expect(html).not.toContain('\uFEFF');
  });

  it('CRLF line endings build, and problems point at the right line', async () => {
    const ok = await build('crlf.md', '---\r\ntitle: CRLF\r\ndate: 2024-01-01\r\n---\r\n\r\nOne.\r\n\r\nTwo.\r\n');
    expect(ok.loaded.release?.title).toBe('CRLF');
    expect(ok.html).toContain('<p>Two.</p>');
    const bad = await build('crlf-bad.md', '---\r\ntitle: CRLF\r\ndate: 2024-02-30\r\n---\r\n\r\n<script>x</script>\r\n');
    expect(bad.messages.some((m) => m.startsWith('crlf-bad.md:3:') && m.includes('error'))).toBe(true);
  });

  it('no trailing newline', async () => {
    const { html } = await build('no-newline.md', '---\ntitle: No newline\ndate: 2024-01-01\n---\n\nLast words');
    expect(html).toContain('<p>Last words</p>');
  });

  it('an empty file is an error at 1:1', async () => {
    const { loaded, messages } = await build('empty.md', '');
    expect(loaded.release).toBeUndefined();
    expect(messages).toEqual([expect.stringMatching(/^empty\.md:1:1: error: No front matter/)]);
  });

  it('invalid UTF-8 is reported at its line and column, not mangled', async () => {
    const head = Buffer.from('---\ntitle: Bad bytes\ndate: 2024-01-01\n---\n\nCaf');
    const { loaded, messages } = await build('latin1.md', Buffer.concat([head, Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
    expect(loaded.release).toBeUndefined();
    expect(messages).toEqual(['latin1.md:6:4: error: Invalid UTF-8 (byte 0xE9): save the file as UTF-8 [encoding]']);
    const decoded = decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xc3, 0x28]));
    expect(decoded).toEqual({ ok: false, line: 2, column: 1, byte: 0xc3 });
  });

  // 1 MB, not 5: the same paths (every block parsed, sanitized and rendered),
  // a fifth of the time. What it checks: nothing is dropped on the way, to the
  // last section.
  it('a 1 MB release loads and renders, to the last section', async () => {
    const paragraph = 'The Minister met his counterpart and discussed regional security, trade and the climate. ';
    const lines: string[] = ['---', 'title: One megabyte', 'date: 2024-01-01', '---', ''];
    let size = 0;
    let sections = 0;
    // 1 MB, under the 1 MiB release limit (core/limits.ts) with room for the front matter.
    for (let i = 0; size < 1000 * 1000; i++) {
      const line = i % 50 === 0 ? `## Section ${sections++}\n` : `${paragraph.repeat(4)}\n`;
      lines.push(line);
      size += line.length;
    }
    const { loaded, html } = await build('huge.md', lines.join('\n'));
    expect(loaded.file.messages.filter((m) => m.fatal)).toEqual([]);
    expect(html?.length).toBeGreaterThan(1000 * 1000);
    expect(html?.match(/<h2 id="section-section-\d+"/g)).toHaveLength(sections);
    expect(html).toContain(`id="section-section-${sections - 1}"`);
  });
});
