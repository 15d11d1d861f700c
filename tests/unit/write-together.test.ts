// A document's HTML and PDF are replaced together or not at all.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputError } from '../../scripts/pipeline/write/write-output.ts';
import { writeFilesTogether } from '../../scripts/pipeline/write/write-together.ts';

let dir: string;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function oldPair(): void {
  dir = mkdtempSync(path.join(tmpdir(), 'briefing-pair-'));
  writeFileSync(path.join(dir, 'page.html'), 'old html');
  writeFileSync(path.join(dir, 'page.pdf'), 'old pdf');
}

describe('writeFilesTogether', () => {
  it('replaces both files and leaves no temporary behind', async () => {
    oldPair();
    await writeFilesTogether([
      { file: path.join(dir, 'page.html'), data: 'new html' },
      { file: path.join(dir, 'page.pdf'), data: new TextEncoder().encode('new pdf') },
    ]);
    expect(readFileSync(path.join(dir, 'page.html'), 'utf8')).toBe('new html');
    expect(readFileSync(path.join(dir, 'page.pdf'), 'utf8')).toBe('new pdf');
    expect(readdirSync(dir).sort()).toEqual(['page.html', 'page.pdf']);
  });

  it('leaves the old pair when the second file cannot be written', async () => {
    oldPair();
    writeFileSync(path.join(dir, 'blocker'), 'a file where a folder should be');
    const attempt = writeFilesTogether([
      { file: path.join(dir, 'page.html'), data: 'new html' },
      { file: path.join(dir, 'blocker/page.pdf'), data: 'new pdf' },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(OutputError);
    expect(readFileSync(path.join(dir, 'page.html'), 'utf8')).toBe('old html');
    expect(readFileSync(path.join(dir, 'page.pdf'), 'utf8')).toBe('old pdf');
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'page.html', 'page.pdf']);
  });
});
