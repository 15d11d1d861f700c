// An image replaced by one of the same size with an older mtime (restored from
// a backup, checked out by git) must reach the output: the copy is decided by
// content, not by size and mtime. Real Chromium, so the PDF is checked too.
import { cpSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, runBuild, tempDir } from '../helpers/project.ts';

const work = tempDir('briefing-same-size-');
const content = path.join(work, 'content');
const out = path.join(work, 'out');
const image = path.join(content, 'images/map.svg');

afterAll(() => rmSync(work, { recursive: true, force: true }));

const build = () => {
  const result = runBuild(['--content', content, '--out', out, '--keep-browser', '0']);
  expect(result.status, result.stderr).toBe(0);
};

describe('a same-size image with an older mtime', () => {
  it('is copied again, and the PDF shows it', () => {
    cpSync(path.join(fixtures, 'with-image'), content, { recursive: true });
    build();
    const asset = path.join(out, 'assets/images/map.svg');
    const pdf = path.join(out, '2024-01-15-route-map.pdf');
    const before = { asset: readFileSync(asset), pdf: readFileSync(pdf) };

    // Another colour, same number of bytes; an mtime older than the output's.
    const old = readFileSync(image, 'utf8');
    const changed = old.replace('fill="#e8eef4"', 'fill="#f4e8ee"');
    expect(changed).not.toBe(old);
    expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(old));
    writeFileSync(image, changed);
    const longAgo = new Date('2001-01-01T00:00:00Z');
    utimesSync(image, longAgo, longAgo);
    expect(statSync(image).mtimeMs).toBeLessThan(statSync(asset).mtimeMs);

    build();
    // The published SVG is a sanitized re-serialization (markdown/sanitize-svg.ts), so compare what it draws.
    expect(readFileSync(asset, 'utf8')).toContain('fill="#f4e8ee"');
    expect(readFileSync(asset).equals(before.asset)).toBe(false);
    expect(readFileSync(pdf).equals(before.pdf)).toBe(false);
  });
});
