// YAML parsed with its source positions kept, so a schema problem found later
// can point at the key or value in the author's file, not just name it.
import type { Point } from 'unist';
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type Node as YamlNode,
} from 'yaml';
import { formatBytes, limits } from '../core/limits.ts';

export interface YamlSource {
  /** The parsed value, or undefined when the YAML has syntax errors. */
  readonly value: unknown;
  /** Syntax errors, each with the point where the parser noticed it. */
  readonly syntaxErrors: ReadonlyArray<{ readonly reason: string; readonly place: Point }>;
  /** Where the value at `path` stands in the file; the key's position for a map entry. */
  pointOf(path: ReadonlyArray<string | number>, part?: 'key' | 'value'): Point | undefined;
  /** Keys of the top-level map, with their positions. */
  readonly keys: ReadonlyArray<{ readonly key: string; readonly place: Point }>;
}

/**
 * Parses `text` whose first line is line `firstLine` of the file (front matter
 * starts on line 2, after its `---`), with the YAML 1.2 core schema so that
 * `2023-04-04` stays a string and is validated as a date by us.
 */
export function parseYamlSource(source: string, firstLine = 1): YamlSource {
  // Too big to be a config: refused before parsing, so nothing below grows with a hostile size.
  const tooBig = Buffer.byteLength(source) > limits.yamlBytes;
  const text = tooBig ? '' : source;
  const lineCounter = new LineCounter();
  // uniqueKeys off: yaml's own check compares every key with every other (quadratic); limitProblems does it with a Set.
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, schema: 'core', uniqueKeys: false });
  const toPoint = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col, offset };
  };
  const syntaxErrors = doc.errors.map((e) => {
    // yaml's own "at line N, column M" counts from the front matter, not the file.
    const reason = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
    // An unclosed quote is noticed where the text ends; the author needs the quote that opened it.
    const quote = e.code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(e.message)?.[1] : undefined;
    const opened = quote ? text.lastIndexOf(quote, e.pos[0] - 1) : -1;
    return opened >= 0
      ? { reason: `Missing closing ${quote} for the quote that opens here`, place: toPoint(opened) }
      : { reason, place: toPoint(e.pos[0]) };
  });
  if (tooBig) {
    const size = formatBytes(Buffer.byteLength(source));
    syntaxErrors.push({ reason: `The YAML is ${size}; at most ${formatBytes(limits.yamlBytes)} is allowed`, place: toPoint(0) });
  }
  if (syntaxErrors.length === 0) syntaxErrors.push(...limitProblems(doc).map(({ reason, offset }) => ({ reason, place: toPoint(offset) })));
  const keys: Array<{ key: string; place: Point }> = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) keys.push({ key: String(pair.key.value), place: toPoint(pair.key.range[0]) });
    }
  }
  let value: unknown;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: limits.yamlAliases });
    } catch {
      // yaml counts what aliases expand to and throws past the count: a few aliases of aliases can stand for billions of nodes.
      const reason = 'The aliases (`*name`) here expand to too much to be read; write the values out';
      syntaxErrors.push({ reason, place: toPoint(placeOfBomb(doc)) });
    }
  }
  return {
    value,
    syntaxErrors,
    keys,
    pointOf(path, part = 'value') {
      if (path.length === 0) return toPoint(0);
      const parentPath = path.slice(0, -1);
      const last = path.at(-1);
      const parent = parentPath.length === 0 ? doc.contents : (doc.getIn(parentPath, true) as YamlNode | undefined);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
        const node = (part === 'key' ? pair?.key : (pair?.value ?? pair?.key)) as YamlNode | undefined;
        if (node?.range) return toPoint(node.range[0]);
      }
      const node = doc.getIn(path, true) as YamlNode | undefined;
      if (node?.range) return toPoint(node.range[0]);
      // The path does not exist (a missing key): point at its parent.
      return parentPath.length > 0 ? this.pointOf(parentPath, 'key') : toPoint(0);
    },
  };
}

/**
 * Duplicate keys, too many keys, and too many aliases, found in one pass over
 * the tree: an alias bomb (`a: &a [*b, *b, …]` nested) is refused here, before
 * `toJS` would expand it.
 */
function limitProblems(doc: Document): Array<{ reason: string; offset: number }> {
  const problems: Array<{ reason: string; offset: number }> = [];
  let keys = 0;
  let aliases = 0;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const offset = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
        if (++keys === limits.yamlKeys + 1) problems.push({ reason: `More than ${limits.yamlKeys} keys; that is the limit`, offset });
        if (name !== undefined && seen.has(name)) problems.push({ reason: `Map keys must be unique: \`${name}\` is given twice`, offset });
        if (name !== undefined) seen.add(name);
      }
      return problems.length > 0 ? visit.BREAK : undefined;
    },
    Alias(_key, alias) {
      if (++aliases > limits.yamlAliases) {
        problems.push({ reason: `More than ${limits.yamlAliases} aliases (\`*name\`); that is the limit`, offset: alias.range?.[0] ?? 0 });
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return problems;
}

/** The bomb's alias, or the text's start when even counting it is too deep to do. */
function placeOfBomb(doc: Document): number {
  try {
    return largestAlias(doc) ?? 0;
  } catch {
    return 0;
  }
}

/**
 * Where an alias bomb goes off: the alias standing for the most nodes (the
 * first of them), found by counting each anchored node once. The author is
 * sent to the line that multiplies, not to the front matter's first line.
 */
function largestAlias(doc: Document): number | undefined {
  const sizes = new Map<unknown, number>();
  const size = (node: unknown): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // an alias inside its own anchor (`&a [*a]`) counts once, not forever
    let total = 1;
    if (isAlias(node)) total = size(node.resolve(doc));
    else if (isPair(node)) total = size(node.key) + size(node.value);
    else if (isCollection(node)) for (const item of node.items) total += size(item);
    sizes.set(node, total);
    return total;
  };
  let largest: { offset: number; size: number } | undefined;
  visit(doc, {
    Alias(_key, alias) {
      const expands = size(alias);
      if (alias.range && (!largest || expands > largest.size)) largest = { offset: alias.range[0], size: expands };
    },
  });
  return largest?.offset;
}
