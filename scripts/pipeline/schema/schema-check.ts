// Validates YAML (front matter, site config, packs) against a zod schema and
// turns every problem into a positioned message in the author's file.
import type { VFile } from 'vfile';
import type { z } from 'zod';
import { fail, nearest, warn } from '../core/messages.ts';
import type { YamlSource } from './yaml-source.ts';

export interface CheckOptions {
  /** Keys the schema knows; others are warned about with the nearest known key. */
  readonly knownKeys: readonly string[];
  /** Rule id prefix for the messages, e.g. `front-matter`. */
  readonly rule: string;
  /** What the YAML is, for messages: "front matter", "site config". */
  readonly what: string;
}

export function checkYaml<S extends z.ZodType>(source: YamlSource, schema: S, file: VFile, options: CheckOptions): z.infer<S> | undefined {
  for (const error of source.syntaxErrors) {
    fail(file, `Invalid YAML in ${options.what}: ${error.reason}`, error.place, `${options.rule}-yaml`);
  }
  if (source.syntaxErrors.length > 0) return undefined;

  const value = source.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail(file, `Expected ${options.what} to be a map of \`key: value\` lines`, source.pointOf([]), `${options.rule}-shape`);
    return undefined;
  }

  for (const { key, place } of source.keys) {
    if (options.knownKeys.includes(key)) continue;
    const guess = nearest(key, options.knownKeys);
    const hint = guess ? `; did you mean \`${guess}\`?` : '; templates can still read it';
    warn(file, `Unknown key \`${key}\` in ${options.what}${hint}`, place, `${options.rule}-unknown-key`);
  }

  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && getIn(value, path) === undefined;
    const reason = missing
      ? `Missing required key \`${key}\` in ${options.what}`
      : `Invalid \`${key}\` in ${options.what}: ${issue.message}`;
    fail(file, reason, source.pointOf(path), `${options.rule}-${missing ? 'missing' : 'invalid'}`);
  }
  return undefined;
}

function getIn(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** `YYYY-MM-DD` that names a real day of the Gregorian calendar. */
export function calendarDateProblem(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return `expected a date as YYYY-MM-DD, found \`${value}\``;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return `\`${value}\` is not a calendar date: there is no month ${month}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return `\`${value}\` is not a calendar date: ${name} ${year} has ${days} days`;
  }
  return undefined;
}
