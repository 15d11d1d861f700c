// What `npm run dev` watches: a folder tree, one call per burst of changes.
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';

/**
 * Quiet time after a change before building: editors save in bursts of events
 * a few milliseconds apart (truncate and write, or write and rename), and each
 * millisecond waited here is one more before the preview.
 */
const settleMs = 30;

/** Watches a folder tree; calls `onChange` once per burst of events (editors write several). */
export function watchFolder(dir: string, onChange: (file: string) => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = dir;
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    const file = name ? path.join(dir, name.toString()) : dir;
    // Editors' swap and backup files, and our own temporary files.
    if (/(^|[/\\])\.|~$|\.(swp|swx|tmp)$/.test(path.relative(dir, file))) return;
    last = file;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(last), settleMs);
  });
  return {
    // A burst still settling is dropped too: its call would start a build after dev stopped.
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
