// A print pool the caller keeps (`npm run dev`) is asked for with the print
// timeout of site.yml, not a fixed one: a slow letterhead that needs
// print_timeout_seconds: 120 must not fail in dev after 60 s.
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { UsageError } from '../../scripts/pipeline/core/errors.ts';
import { fixtures, tempDir, templatesDir } from '../helpers/project.ts';

const work = tempDir('briefing-pool-timeout-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the caller's print pool", () => {
  it("is asked for with site.yml's print_timeout_seconds", async () => {
    const content = path.join(work, 'content');
    cpSync(path.join(fixtures, 'with-image'), content, { recursive: true });
    appendFileSync(path.join(content, 'site.yml'), 'print_timeout_seconds: 7\n');
    const asked: Array<{ readonly timeoutMs: number }> = [];
    const run = build({
      contentDir: content,
      outDir: path.join(work, 'out'),
      templatesDir,
      formats: new Set(['pdf']),
      pool: async (wanted) => {
        asked.push(wanted);
        throw new UsageError('no browser in this test');
      },
    });
    await expect(run).rejects.toThrow('no browser in this test');
    expect(asked).toEqual([{ timeoutMs: 7000 }]);
  });
});
