// What `npm run dev` watches: a folder tree, one call per burst of changes.
import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import path from 'node:path';

/**
 * Quiet time after a change before building: editors save in bursts of events
 * a few milliseconds apart (truncate and write, or write and rename), and each
 * millisecond waited here is one more before the preview.
 */
const settleMs = 30;

/** Editors' swap and backup files, and our own temporary files. */
const ignored = /(^|[/\\])\.|~$|\.(swp|swx|tmp)$/;

/** Watches a folder tree; calls `onChange` once per burst of events (editors write several), with every path the burst named. */
export function watchFolder(dir: string, onChange: (files: readonly string[]) => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let burst = new Set<string>();
  const changed = (file: string) => {
    if (ignored.test(path.relative(dir, file))) return;
    burst.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...burst];
      burst = new Set();
      onChange(files);
    }, settleMs);
  };
  const watchers = process.platform === 'linux' ? watchEachFolder(dir, changed) : [watchTree(dir, changed)];
  return {
    // A burst still settling is dropped too: its call would start a build after dev stopped.
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** Node's own recursive watch: native where the system has one (macOS, Windows). */
function watchTree(dir: string, changed: (file: string) => void): FSWatcher {
  return watch(dir, { recursive: true }, (_event, name) => changed(name ? path.join(dir, name.toString()) : dir));
}

/**
 * On Linux, Node 20's recursive watch is JavaScript over one inotify watch per
 * folder, and it reads the tree again for an event: among 10,000 releases an
 * edit reached us 19-27 ms after the write, against 1-2 ms among 100. Here each
 * folder has its own plain watch, and a folder that appears gets one too.
 */
function watchEachFolder(dir: string, changed: (file: string) => void): Array<{ close(): void }> {
  const watchers = new Map<string, FSWatcher>();
  const add = (folder: string) => {
    if (watchers.has(folder)) return;
    try {
      const watcher = watch(folder, (event, name) => {
        const file = name ? path.join(folder, name.toString()) : folder;
        if (event === 'rename' && name && isFolder(file) && !ignored.test(path.relative(dir, file))) add(file);
        changed(file);
      });
      // A folder removed: its watch ends with it.
      watcher.on('error', () => watcher.close());
      watchers.set(folder, watcher);
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory() && !ignored.test(entry.name)) add(path.join(folder, entry.name));
      }
    } catch {
      // Gone before it could be watched, or unreadable: nothing in it can be built.
    }
  };
  add(dir);
  return [
    {
      close() {
        for (const watcher of watchers.values()) watcher.close();
      },
    },
  ];
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
