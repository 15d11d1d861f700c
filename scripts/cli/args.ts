// Flags for the command-line scripts, declared once as a table: parsing, the
// --help text and "did you mean" hints all come from it, so adding a flag is
// one entry in that script's table and nothing else.
import { parseArgs } from 'node:util';
import { BriefingError } from '../pipeline/core/errors.ts';
import { nearest } from '../pipeline/core/messages.ts';

interface FlagBase {
  /** One line for --help. */
  readonly help: string;
  /** A realistic use, shown under the flag in --help. */
  readonly example: string;
  readonly short?: string;
}

export interface StringFlag extends FlagBase {
  readonly type: 'string';
  /** The value's name in --help: `DIR`, `N`. */
  readonly value: string;
  readonly default?: string;
}

export interface BooleanFlag extends FlagBase {
  readonly type: 'boolean';
}

export type Flag = StringFlag | BooleanFlag;
export type FlagTable = Readonly<Record<string, Flag>>;

/** The parsed values: booleans are always set; strings are set when they have a default. */
export type FlagValues<T extends FlagTable> = {
  readonly [K in keyof T]: T[K] extends BooleanFlag ? boolean : T[K] extends { readonly default: string } ? string : string | undefined;
};

export interface ParsedArgs<T extends FlagTable> {
  readonly values: FlagValues<T>;
  readonly positionals: readonly string[];
}

/** A mistake on the command line. The scripts print it with the usage line and exit 2. */
export class ArgsError extends BriefingError {
  constructor(message: string) {
    super(message, { stage: 'usage' });
    this.name = 'ArgsError';
  }
}

export function parseFlags<T extends FlagTable>(table: T, argv: readonly string[] = process.argv.slice(2)): ParsedArgs<T> {
  const known = Object.keys(table);
  // A first lenient pass finds unknown flags, so the error can name the nearest known one.
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const isKnown = token.rawName.startsWith('--') ? known.includes(token.name) : Object.values(table).some((f) => f.short === token.name);
    if (isKnown) continue;
    const guess = nearest(token.name, known);
    throw new ArgsError(`Unknown flag \`${token.rawName}\`${guess ? `; did you mean \`--${guess}\`?` : ''}`);
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: toParseArgsOptions(table),
    });
    return { values: values as FlagValues<T>, positionals };
  } catch (error) {
    throw new ArgsError(plainParseError(error));
  }
}

function toParseArgsOptions(table: FlagTable) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }> = {};
  for (const [name, flag] of Object.entries(table)) {
    options[name] = {
      type: flag.type,
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.type === 'boolean' ? { default: false } : flag.default !== undefined ? { default: flag.default } : {}),
    };
  }
  return options;
}

/** node:util's messages explain `--` at length; users need the first sentence. */
function plainParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /^Option '(-\S+)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `Flag \`${missing[1]}\` needs a value`;
  const needsNone = /^Option '(-[^']+)' does not take an argument/.exec(message);
  if (needsNone) return `Flag \`${needsNone[1]}\` does not take a value`;
  return message.split('. ')[0] ?? message;
}

export interface HelpOptions {
  /** `npm run build -- [options] [files...]`. */
  readonly usage: string;
  /** A paragraph or two about what the command does. */
  readonly description: string;
  /** Whole command lines, shown last. */
  readonly examples: readonly string[];
}

export function formatHelp(table: FlagTable, options: HelpOptions): string {
  const rows = Object.entries(table).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : '    ';
    const left = `${short}--${name}${flag.type === 'string' ? ` ${flag.value}` : ''}`;
    const fallback = flag.type === 'string' && flag.default !== undefined ? ` (default: ${flag.default})` : '';
    return { left, help: `${flag.help}${fallback}`, example: flag.example };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const pad = ' '.repeat(width + 2);
  const lines = [`Usage: ${options.usage}`, '', options.description, '', 'Options:'];
  for (const row of rows) {
    lines.push(`  ${row.left.padEnd(width)}${row.help}`);
    lines.push(`${pad}e.g. ${row.example}`);
  }
  lines.push('', 'Examples:', ...options.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** `--format html,pdf` -> its parts, each checked against `allowed`, with a hint for a typo. */
export function parseList<T extends string>(flag: string, value: string, allowed: readonly T[]): Set<T> {
  const parts = value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 0) throw new ArgsError(`\`--${flag}\` needs one or more of ${allowed.join(', ')}`);
  const result = new Set<T>();
  for (const part of parts) {
    if (!(allowed as readonly string[]).includes(part)) {
      const guess = nearest(part, allowed);
      throw new ArgsError(
        `Unknown value \`${part}\` for \`--${flag}\`: expected ${allowed.join(' or ')}${guess ? `; did you mean \`${guess}\`?` : ''}`,
      );
    }
    result.add(part as T);
  }
  return result;
}

/** `--concurrency 4` -> 4; anything but a whole number from 1 to `max` is an error. */
export function parseCount(flag: string, value: string, max = 64, min = 1): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ArgsError(`\`--${flag}\` expects a whole number from ${min} to ${max}, found \`${value}\``);
  return n;
}
