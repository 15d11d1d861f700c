// What the scripts print: message lines, coloured only for a person at a
// terminal (never when NO_COLOR is set, https://no-color.org), and the
// machine-readable report for --json.
import path from 'node:path';
import type { VFile } from 'vfile';

export interface Painter {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain = (text: string): string => text;
const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

export function wantsColour(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export function painter(colour: boolean): Painter {
  if (!colour) return { red: plain, yellow: plain, green: plain, bold: plain, dim: plain };
  return { red: ansi(31, 39), yellow: ansi(33, 39), green: ansi(32, 39), bold: ansi(1, 22), dim: ansi(2, 22) };
}

/** Colours the severity in a `path:line:column: severity: message [rule]` line. */
export function paintMessage(line: string, paint: Painter): string {
  return line
    .replace(/^(.*?:\d+:\d+: )(error|warning)(: )/, (_m, where: string, severity: string, colon: string) => {
      const coloured = severity === 'error' ? paint.red(paint.bold(severity)) : paint.yellow(severity);
      return `${paint.bold(where)}${coloured}${colon}`;
    })
    .replace(/( \[[a-z0-9-]+\])$/, (rule) => paint.dim(rule));
}

export interface JsonMessage {
  /** The file the message points into (a template, for template errors), relative to the working folder. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly rule: string | null;
}

export function jsonMessages(file: VFile, fatal: boolean, cwd = process.cwd()): JsonMessage[] {
  return file.messages
    .filter((m) => (m.fatal === true) === fatal)
    .map((m) => ({
      file: relative(m.file || file.path, cwd),
      line: m.line ?? 1,
      column: m.column ?? 1,
      message: m.reason,
      rule: m.ruleId ?? null,
    }));
}

/** A path as the user would type it: relative inside the working folder, absolute outside it. */
export function relative(file: string, cwd = process.cwd()): string {
  if (!file) return '<input>';
  const rel = path.relative(cwd, file);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(file) : rel;
}
