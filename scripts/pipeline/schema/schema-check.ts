// Validates YAML (front matter, site config, packs) against a zod schema and
// turns every problem into a positioned message in the author's file.
import type { VFile } from 'vfile';
import type * as z from 'zod';
import { fail, nearest, warn } from '../core/messages.ts';
import type { YamlSource } from './yaml-source.ts';

export interface CheckOptions {
  /** Keys the schema knows; others are warned about with the nearest known key. */
  readonly knownKeys: readonly string[];
  /** Rule id prefix for the messages, e.g. `front-matter`. */
  readonly rule: string;
  /** What the YAML is, for messages: "front matter", "site config". */
  readonly what: string;
  /** The top level is a map of keys (the default) or a list, like templates/fonts.yml. */
  readonly shape?: 'map' | 'list';
}

export function checkYaml<S extends z.ZodType>(source: YamlSource, schema: S, file: VFile, options: CheckOptions): z.infer<S> | undefined {
  for (const error of source.syntaxErrors) {
    fail(file, `Invalid YAML in ${options.what}: ${error.reason}`, error.place, `${options.rule}-yaml`);
  }
  if (source.syntaxErrors.length > 0) return undefined;

  const list = options.shape === 'list';
  const value = source.value ?? (list ? [] : {});
  if (list && !Array.isArray(value)) {
    fail(file, `Expected ${options.what} to be a list of \`- key: value\` entries`, source.pointOf([]), `${options.rule}-shape`);
    return undefined;
  }
  if (!list && (typeof value !== 'object' || Array.isArray(value))) {
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
    // In a list, name the key inside its entry: `family`, not `1.family`; the place says which entry.
    const key = (list ? path.slice(1) : path).map(String).join('.');
    const missing = issue.code === 'invalid_type' && getIn(value, path) === undefined;
    if (issue.code === 'unrecognized_keys') {
      // A strict schema (a list entry has no room for extras): point at each unknown key, with a guess.
      const known = knownKeysAt(schema, path);
      for (const extra of issue.keys) {
        const guess = nearest(extra, known);
        const reason = `Unknown key \`${extra}\` in ${options.what}${guess ? `; did you mean \`${guess}\`?` : ''}`;
        fail(file, reason, source.pointOf([...path, extra], 'key'), `${options.rule}-unknown-key`);
      }
      continue;
    }
    const reason = missing
      ? `Missing required key \`${key}\` in ${options.what}`
      : `Invalid \`${key}\` in ${options.what}: ${issue.message}`;
    fail(file, reason, source.pointOf(path), `${options.rule}-${missing ? 'missing' : 'invalid'}`);
  }
  return undefined;
}

/** The keys an object schema at `path` knows (through arrays), for "did you mean". */
function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<string | number>): string[] {
  let current: unknown = schema;
  for (const step of path) {
    const def = (current as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    current = def?.type === 'array' ? def.element : def?.shape?.[String(step)];
  }
  const def = (current as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
  const object = def?.type === 'array' ? (def.element as { def?: { shape?: Record<string, unknown> } }).def : def;
  return Object.keys(object?.shape ?? {});
}

function getIn(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
