// A build of thousands of releases holds a live heap of a few hundred MB (their
// facts, records and source bytes) while it allocates fast (Markdown trees,
// pages, PDFs, all garbage a moment later). V8 then lets the heap grow to up to
// four times what is live before it collects; at 10,000 releases Node's RSS
// reached about 760 MB of the 1.5 GiB the whole build (Chromium included) may
// use. Growing by half at most instead kept it near 400 MB, for about 10% more
// time in the build's Node part; small builds keep V8's default.
import { setFlagsFromString } from 'node:v8';

let compact = false;

/** Makes V8 collect before the heap grows past 1.5 × what was live after the last full collection; once per process. */
export function keepHeapCompact(): void {
  if (compact) return;
  compact = true;
  setFlagsFromString('--heap-growing-percent=50');
}
