// npm run dev's builds stat only what the watcher reported (dev/changed-sources.ts,
// incremental/source-facts.ts): an unreported change is not seen by the plan,
// a reported one is; the trust ends when another process writes the manifest;
// and the check for what the watcher missed finds changed, new and removed
// releases, and dev's queue runs it once quiet (dev/build-queue.ts).
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildQueue } from '../../scripts/dev/build-queue.ts';
import { ChangedSources } from '../../scripts/dev/changed-sources.ts';
import { build } from '../../scripts/pipeline/build.ts';
import { sampleContent, tempDir, templatesDir } from '../helpers/project.ts';

const sample = path.join(sampleContent, '2023-04-04-hayashi-stoltenberg.md');

/** A content folder of two releases, and a dev-like builder of it (HTML only) that says which releases it built. */
function folder() {
  const contentDir = tempDir('briefing-watched-');
  const outDir = tempDir('briefing-watched-out-');
  const [a, b] = ['a', 'b'].map((name) => path.join(contentDir, `2023-04-0${name === 'a' ? 4 : 5}-${name}.md`)) as [string, string];
  // Each its own slug and key: two versions of one key would be built together.
  const release = (name: string) =>
    readFileSync(sample, 'utf8')
      .replace(/^slug:.*$/m, `slug: ${name}`)
      .replace(/^key:.*$/m, `key: ${name}`);
  writeFileSync(a, release('a'));
  writeFileSync(b, release('b'));
  const sources = new ChangedSources(contentDir, outDir);
  const devBuild = async () => {
    const watching = sources.begin();
    const built: string[] = [];
    await build({
      contentDir,
      outDir,
      templatesDir,
      formats: new Set(['html']),
      watched: watching.watched,
      onDocument: (result) => built.push(path.basename(result.file.path)),
    });
    await watching.ended();
    return built.sort();
  };
  return { contentDir, outDir, a, b, sources, devBuild };
}

describe('a build told what the watcher saw', () => {
  it('stats only the reported sources, and the check finds the one it was not told of', async () => {
    const { a, b, sources, devBuild } = folder();
    expect(await devBuild()).toEqual([path.basename(a), path.basename(b)]);
    expect(await sources.missed()).toBe(false);

    // Reported: built.
    appendFileSync(a, '\nA reported edit.\n');
    sources.saw(a);
    expect(await devBuild()).toEqual([path.basename(a)]);

    // Not reported (a lost event): the plan keeps the record it trusts...
    appendFileSync(b, '\nAn edit the watcher lost.\n');
    expect(await devBuild()).toEqual([]);
    // ...until the check finds it, counts it as reported, and the next build builds it.
    expect(await sources.missed()).toBe(true);
    expect(await devBuild()).toEqual([path.basename(b)]);
    expect(await sources.missed()).toBe(false);
  }, 60_000);

  it('trusts nothing once another process has written the manifest', async () => {
    const { outDir, contentDir, a, devBuild } = folder();
    await devBuild();
    // Another build (the CLI, say) writes the folder's manifest: dev's basis is no longer the manifest on disk.
    appendFileSync(a, '\nAn edit built by someone else.\n');
    await build({ contentDir, outDir, templatesDir, formats: new Set(['html']) });
    appendFileSync(a, '\nA second edit, not reported.\n');
    expect(await devBuild()).toEqual([path.basename(a)]);
  }, 60_000);

  it('finds a release added or removed without a report', async () => {
    const { contentDir, b, sources, devBuild } = folder();
    await devBuild();
    const added = path.join(contentDir, '2023-04-06-c.md');
    writeFileSync(
      added,
      readFileSync(b, 'utf8')
        .replace(/^slug:.*$/m, 'slug: c')
        .replace(/^key:.*$/m, 'key: c'),
    );
    expect(await sources.missed()).toBe(true);
    expect(await devBuild()).toEqual([path.basename(added)]);
    rmSync(added);
    expect(await sources.missed()).toBe(true);
  }, 60_000);
});

describe('BuildQueue', () => {
  it('runs one build at a time, folds the changes during one into one more, and checks for missed changes once quiet', async () => {
    const reasons: string[] = [];
    let release: (() => void) | undefined;
    let missedOnce = true;
    const queue = new BuildQueue(
      (reason) => {
        reasons.push(reason);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      async () => {
        const missed = missedOnce;
        missedOnce = false;
        return missed;
      },
    );
    queue.schedule('first');
    queue.schedule('second');
    queue.schedule('third');
    expect(reasons).toEqual(['first']);
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reasons).toEqual(['first', 'third']);
    release?.();
    // Quiet for 2 s: the check finds a missed change, which gets its build.
    const started = performance.now();
    while (reasons.length < 3 && performance.now() - started < 6000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reasons).toEqual(['first', 'third', 'changes the watcher did not report']);
    release?.();
    await queue.stop();
    queue.schedule('after stop');
    expect(reasons).toHaveLength(3);
  }, 20_000);
});
