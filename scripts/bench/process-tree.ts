// A step's processes as /proc shows them: the tree under one PID, its RSS and
// each process's PSS, for the bench's memory figures (measure.ts).
import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and its descendants, and their summed RSS in KiB, from one read of each process's /proc status. */
export function tree(pid: number): { pids: number[]; rss: number } {
  const children = new Map<number, number[]>();
  const rssOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${name}/status`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    rssOf.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
  }
  const pids: number[] = [];
  let rss = 0;
  const stack = [pid];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    pids.push(current);
    rss += rssOf.get(current) ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return { pids, rss };
}

/** A process's PSS in KiB; 0 once it ended or if it is not ours to read. */
export function pssKiB(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
