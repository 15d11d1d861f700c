// YAML parsed with its source positions kept, so a schema problem found later
// can point at the key or value in the author's file, not just name it.
import type { Point } from 'unist';
import { type Document, isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

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
export function parseYamlSource(text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, schema: 'core', uniqueKeys: true });
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
  const keys: Array<{ key: string; place: Point }> = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) keys.push({ key: String(pair.key.value), place: toPoint(pair.key.range[0]) });
    }
  }
  return {
    value: syntaxErrors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }),
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
