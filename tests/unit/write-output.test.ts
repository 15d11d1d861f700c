import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearest } from '../../scripts/pipeline/core/messages.ts';
import { relativeUrl } from '../../scripts/pipeline/markdown/assets.ts';
import { copyFileAtomic, writeFileAtomic } from '../../scripts/pipeline/write/write-output.ts';
import { tempDir } from '../helpers/project.ts';

// tempDir() folders are removed after the file (tests/helpers/remove-temp-dirs.ts).

describe('write output', () => {
  it('writes through a temporary file and leaves none behind', async () => {
    const dir = tempDir();
    await writeFileAtomic(path.join(dir, 'a/b/page.html'), 'new');
    expect(readFileSync(path.join(dir, 'a/b/page.html'), 'utf8')).toBe('new');
    expect(readdirSync(path.join(dir, 'a/b'))).toEqual(['page.html']);
  });

  it('keeps the old file when the write fails', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'page.html');
    writeFileSync(target, 'old');
    mkdirSync(path.join(dir, 'blocker'));
    // Renaming a file over a folder fails: the old file must survive, no temp file left.
    await expect(writeFileAtomic(path.join(dir, 'blocker'), 'new')).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'page.html']);
  });

  it('copies an asset once, and again when it changes', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'src.svg'), '<svg/>');
    expect(await copyFileAtomic(path.join(dir, 'src.svg'), path.join(dir, 'out/x.svg'))).toBe(true);
    expect(await copyFileAtomic(path.join(dir, 'src.svg'), path.join(dir, 'out/x.svg'))).toBe(false);
    writeFileSync(path.join(dir, 'src.svg'), '<svg></svg>');
    expect(await copyFileAtomic(path.join(dir, 'src.svg'), path.join(dir, 'out/x.svg'))).toBe(true);
    expect(existsSync(path.join(dir, 'out/x.svg'))).toBe(true);
  });
});

describe('small helpers', () => {
  it('makes URLs relative to the page that uses them', () => {
    expect(relativeUrl('a.html', 'assets/x.svg')).toBe('assets/x.svg');
    expect(relativeUrl('nato/2023/a.html', 'assets/x y.svg')).toBe('../../assets/x%20y.svg');
    expect(relativeUrl('nato/a.html', 'nato/a.pdf')).toBe('a.pdf');
  });

  it('suggests the nearest known key for a typo, and nothing for a stranger', () => {
    expect(nearest('tittle', ['title', 'date'])).toBe('title');
    expect(nearest('catgory', ['category', 'date'])).toBe('category');
    expect(nearest('photographer', ['title', 'date'])).toBeUndefined();
  });
});
