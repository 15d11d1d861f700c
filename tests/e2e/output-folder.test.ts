// --out may not be a folder the build reads (or one above it), and an existing
// folder with files no build made is refused unless --force: exit 2, one line,
// nothing written.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, root, runBuild, tempDir } from '../helpers/project.ts';

describe('the output folder', () => {
  const content = copyFixture('with-image');

  it.each([
    ['/', /Refusing to write into \//],
    ['.', /Refusing to write into \.: it (is|holds) /],
    ['content', /it is content, which the build reads/],
    ['templates', /it is templates, which the build reads/],
  ])('refuses --out %s (exit 2, one line, no stack trace)', (out, message) => {
    const result = runBuild(['--out', out], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses the folder above the content folder', () => {
    const result = runBuild(['--content', content, '--out', path.dirname(content)], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/it holds .*which the build reads/);
  });

  it('refuses a non-empty folder without a manifest, unless --force', () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const refused = runBuild(['--content', content, '--out', out, '--format', 'html'], root);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/holds files no build made.*--force/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const forced = runBuild(['--content', content, '--out', out, '--format', 'html', '--force'], root);
    expect(forced.status).toBe(0);
    // Built once, the folder is the build's: the next build needs no --force.
    mkdirSync(path.join(out, 'extra'), { recursive: true });
    expect(runBuild(['--content', content, '--out', out, '--format', 'html'], root).status).toBe(0);
  });
});
