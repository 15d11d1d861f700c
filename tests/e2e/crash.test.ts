// Kills Chromium in the middle of a 20-release build: the pool relaunches it,
// the documents that were printing are retried, and every release ends up
// built, with no temporary or half-written file left in the output folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { build, type DocumentResult } from '../../scripts/pipeline/build.ts';
import { pdfText } from '../helpers/pdf.ts';
import { removeKilledChromiumTemp, tempDir, templatesDir } from '../helpers/project.ts';

// The browser this file kills left its temporary folder.
afterAll(() => removeKilledChromiumTemp());

/** Chromium processes started by this test process (never anyone else's). */
function ourBrowsers(): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(process.pid), 'chromium|chrome'], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => path.join(e.parentPath, e.name));
}

it('survives the browser being killed during a build of 20 releases', async () => {
  const contentDir = path.join(tempDir('briefing-crash-'), 'content');
  const outDir = path.join(path.dirname(contentDir), 'out');
  mkdirSync(contentDir);
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    const body = Array.from({ length: 30 }, (_, k) => `Paragraph ${k + 1} of release ${n}, with enough words to fill lines.`).join('\n\n');
    writeFileSync(
      path.join(contentDir, `2024-02-${n}-release-${n}.md`),
      `---\ntitle: Release number ${n}\ndate: 2024-02-${n}\n---\n\n${body}\n`,
    );
  }

  const killed: number[] = [];
  let seen = 0;
  const report = await build({
    contentDir,
    outDir,
    templatesDir,
    concurrency: 2,
    onDocument: (_result: DocumentResult) => {
      seen++;
      if (seen !== 3) return;
      // Documents 4 and 5 are printing now.
      for (const pid of ourBrowsers()) {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
    },
  });

  expect(killed.length).toBeGreaterThan(0);
  // Errors only: a font-fallback warning on these plain releases exists on main too (see the report).
  const problems = report.documents.flatMap((d) => d.file.messages.filter((m) => m.fatal).map((m) => `${d.file.basename}: ${m.reason}`));
  expect(problems).toEqual([]);
  expect(report.built).toBe(20);
  expect(report.failed).toBe(0);
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    const text = pdfText(path.join(outDir, `2024-02-${n}-release-${n}.pdf`));
    expect(text).toContain(`Release number ${n}`);
    expect(text).toContain(`Paragraph 30 of release ${n}`);
  }
  const leftovers = allFiles(outDir).filter((f) => /\.tmp$|\.briefing\.lock$/.test(f));
  expect(leftovers).toEqual([]);
  // The killed browser is gone and the pool's replacement was closed at the end.
  expect(ourBrowsers()).toEqual([]);
});
