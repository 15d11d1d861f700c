// Reading the releases a build builds or lists: one after another, each made
// light before the next is read (the comment in loadCandidates says why). Kept
// apart from build.ts, which reads like the pipeline: this is how one of its
// steps is done. The load stage is still imported only when there is work.
import type { VFile } from 'vfile';
import { keepHeapCompact } from './core/heap.ts';
import { throwIfInterrupted } from './core/interrupt.ts';
import { limits } from './core/limits.ts';
import type { Candidate } from './incremental/plan.ts';
import type { LoadOptions, Release } from './load/load-release.ts';

export interface LoadedCandidate {
  readonly candidate: Candidate;
  readonly file: VFile;
  /** Undefined when the release did not load. */
  readonly release: Release | undefined;
  /** The release with its Markdown tree, for building it. */
  readonly parsed: (() => Release) | undefined;
}

/** Every candidate, read and validated in order (messages on each file). */
export async function loadCandidates(candidates: readonly Candidate[], options: LoadOptions): Promise<LoadedCandidate[]> {
  const [{ loadRelease }, { keepsTrees, lightRelease }] = await Promise.all([
    import('./load/load-release.ts'),
    import('./load/light-release.ts'),
  ]);
  // With their Markdown trees while they wait when few changed, without when many did (load/light-release.ts).
  const keepTrees = keepsTrees(candidates.map((c) => c.bytes.length));
  if (candidates.length >= limits.compactHeapReleases) keepHeapCompact();
  // One after another, each made light before the next is read: all started at
  // once, every release was read with its tree before any was made light, and
  // 10,000 trees were alive together. Loading is synchronous work, so it pauses
  // every 50 ms: Chromium's launch, meanwhile, needs the event loop for each
  // step of its handshake, and under load a pause every 100 releases let its
  // 60 s start limit pass (a shard of 2,500 failed so beside the test suite).
  const loaded: LoadedCandidate[] = [];
  let paused = performance.now();
  for (const c of candidates) {
    throwIfInterrupted(); // Ctrl-C: no more releases begin (core/interrupt.ts)
    const { file, release } = await loadRelease(c.source, options, c.bytes);
    const light = release && lightRelease(release, keepTrees, c.bytes);
    loaded.push({ candidate: c, file, release: light?.release, parsed: light?.parsed });
    if (performance.now() - paused > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      paused = performance.now();
    }
  }
  return loaded;
}
