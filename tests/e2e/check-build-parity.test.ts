// `npm run check` is the build without the browser: packs are checked with the
// build's own code, the build warns about links to missing releases as check
// does, and a broken templates/fonts.yml is a positioned error (exit 2) in both.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, cliArgs, copyFixture, root, runBuild, tempDir, templatesDir } from '../helpers/project.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const temp = (dir: string) => {
  made.push(dir);
  return dir;
};

function runCheck(args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, cliArgs('check', ...args), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const problems = (r: CliResult) => r.stderr.split('\n').filter((l) => /:\d+:\d+: (error|warning): /.test(l));

describe('npm run check and packs', () => {
  it('reports a bad value and a misspelt slug in one pack, at their lines, and exits 1', () => {
    const content = temp(copyFixture('packs'));
    const pack = ['title: Broken', 'date: 2024-03-10', 'duplex: maybe', 'releases:', '  - 2024-01-10-short', '  - 2024-02-20-lnog', ''];
    writeFileSync(path.join(content, 'packs', 'broken.yml'), pack.join('\n'));
    const result = runCheck(['--content', content]);
    expect(result.status, result.stderr).toBe(1);
    const lines = problems(result).filter((l) => l.includes('broken.yml'));
    expect(lines).toEqual([
      expect.stringMatching(/packs\/broken\.yml:3:9: error: Invalid `duplex` in pack: expected true or false \[pack-invalid\]$/),
      expect.stringMatching(
        /packs\/broken\.yml:6:5: error: No release `2024-02-20-lnog`; did you mean `2024-02-20-long`\? \[pack-unknown-release\]$/,
      ),
    ]);
    expect(result.stderr).toMatch(/^3 releases, 3 packs checked: 2 errors, 0 warnings, in \d+\.\d s$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run build and links between releases', () => {
  it('warns about a link to a missing release at its line, as check reports it, and still builds the page', () => {
    const content = temp(copyFixture('packs'));
    rmSync(path.join(content, 'packs'), { recursive: true });
    const body = [
      '---',
      'title: Links',
      'date: 2024-04-01',
      '---',
      '',
      'See [the old one](2023-01-01-gone.md) and',
      '[this](2024-01-10-short.html).',
      '',
    ];
    writeFileSync(path.join(content, '2024-04-01-links.md'), body.join('\n'));
    const out = temp(tempDir());
    const build = runBuild(['--content', content, '--out', out, '--format', 'html']);
    expect(build.status, build.stderr).toBe(0);
    const warning = problems(build);
    expect(warning).toEqual([
      expect.stringMatching(/2024-04-01-links\.md:6:5: warning: Link to `2023-01-01-gone\.md`: no such release .*\[broken-link\]$/),
    ]);
    // check reports the same problem at the same place; as an error, since it gates a commit.
    const check = runCheck(['--content', content]);
    expect(check.status).toBe(1);
    expect(problems(check)).toEqual(warning.map((l) => l.replace(': warning: ', ': error: ')));
  });
});

describe('templates/fonts.yml', () => {
  it('a misspelt key or a face the package lacks is an error at its line, exit 2, no stack trace, in build and check', () => {
    const templates = temp(tempDir());
    cpSync(templatesDir, templates, { recursive: true });
    const fonts = [
      '- package: "@fontsource/source-serif-4"',
      '  familly: Source Serif 4',
      '  faces: ["400"]',
      '- package: "@fontsource/source-sans-3"',
      '  family: Source Sans 3',
      '  faces: ["400", "450"]',
      '',
    ];
    writeFileSync(path.join(templates, 'fonts.yml'), fonts.join('\n'));
    const content = temp(copyFixture('packs'));
    mkdirSync(path.join(content, 'packs'), { recursive: true });
    const build = runBuild(['--content', content, '--out', temp(tempDir()), '--templates', templates, '--format', 'html']);
    const check = runCheck(['--content', content, '--templates', templates]);
    for (const result of [build, check]) {
      expect(result.status, result.stderr).toBe(2);
      expect(problems(result)).toEqual([
        expect.stringMatching(/fonts\.yml:1:3: error: Missing required key `family` in fonts\.yml \[fonts-missing\]$/),
        expect.stringMatching(/fonts\.yml:2:3: error: Unknown key `familly` in fonts\.yml; did you mean `family`\? \[fonts-unknown-key\]$/),
      ]);
      expect(result.stderr).toContain('error: fonts.yml has errors');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    // Once the keys are right, the missing face is found.
    writeFileSync(path.join(templates, 'fonts.yml'), fonts.join('\n').replace('familly', 'family'));
    const again = runCheck(['--content', content, '--templates', templates]);
    expect(again.status).toBe(2);
    expect(problems(again)).toEqual([
      expect.stringMatching(/fonts\.yml:6:18: error: `@fontsource\/source-sans-3` has no face `450` \[fonts-face\]$/),
    ]);
  });
});
