// Problems are attached to the document's VFile with a position, never thrown,
// so one bad document never stops the others and every problem can be printed
// together as `path:line:column: severity: message` at the end of the run.
import path from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';

export type Place = Point | Position | undefined;

/** Records a problem that stops this document from being built. */
export function fail(file: VFile, reason: string, place: Place, ruleId: string): void {
  const message = file.message(reason, { place, ruleId, source: 'briefing' });
  message.fatal = true;
}

/** Records a problem the author should know about; the document still builds. */
export function warn(file: VFile, reason: string, place: Place, ruleId: string): void {
  file.message(reason, { place, ruleId, source: 'briefing' });
}

export function hasErrors(file: VFile): boolean {
  return file.messages.some((m) => m.fatal === true);
}

/** `path:line:column: error: reason [rule]`, with the path relative to `cwd`. */
export function formatMessage(file: VFile, message: VFile['messages'][number], cwd = process.cwd()): string {
  // A message may point into another file than the document (a template).
  const target = message.file || file.path;
  const where = target ? path.relative(cwd, target) || target : '<input>';
  const line = message.line ?? 1;
  const column = message.column ?? 1;
  const severity = message.fatal === true ? 'error' : 'warning';
  const rule = message.ruleId ? ` [${message.ruleId}]` : '';
  return `${where}:${line}:${column}: ${severity}: ${message.reason}${rule}`;
}

export function formatMessages(files: readonly VFile[], cwd = process.cwd()): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const sorted = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const message of sorted) lines.push(formatMessage(file, message, cwd));
  }
  return lines;
}

/** The known key nearest to `key` by edit distance, if it is close enough to be a typo. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
