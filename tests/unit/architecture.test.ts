// The shape of the code, checked: every import under scripts/ (static,
// `export … from` and `import()`, types included) runs one way, from a higher
// stage to a lower one, with no cycle; and no source file grows past 300 lines.
// A stage that needs something of a later one gets it passed in, or the shared
// thing moves down into core/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/project.ts';

const scripts = path.join(root, 'scripts');

/** Lowest first. A file may import files of its own rank or below, never above. */
const ranks: ReadonlyArray<readonly [string, number]> = [
  ['pipeline/core/', 0],
  ['pipeline/write/', 1],
  ['pipeline/schema/', 1],
  ['pipeline/markdown/', 2],
  ['pipeline/load/', 3],
  ['pipeline/render/', 4],
  ['pipeline/print/', 5],
  ['pipeline/finish/', 6],
  ['pipeline/publish/', 7], // print -> finish -> write, for releases and packs alike
  ['pipeline/incremental/', 8],
  ['pipeline/fonts/', 8], // the pages' font files: render's names, the manifest's record, write's subsets
  ['pipeline/collections/', 9],
  ['pipeline/check/', 10],
  ['pipeline/', 11], // the orchestrator files: scripts/pipeline/*.ts
  ['cli/', 12],
  ['repro/', 12], // npm run repro's helpers
  ['bench/', 12], // npm run bench's helpers
  ['dev/', 12], // npm run dev's helpers
  ['', 12], // the commands: scripts/*.ts
];

function rankOf(file: string): number {
  const relative = path.relative(scripts, file).split(path.sep).join('/');
  const rank = ranks.find(([prefix]) => relative.startsWith(prefix) && (prefix !== '' || !relative.includes('/')));
  if (!rank) throw new Error(`No rank for scripts/${relative}: add its folder to the table`);
  return rank[1];
}

function sourceFiles(): string[] {
  return readdirSync(scripts, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

interface Import {
  readonly specifier: string;
  /** A static value import: loaded with the module (not `import type`, not `import()`). */
  readonly loadsWith: boolean;
}

/** What a source imports: `import … from`, `export … from`, `import '…'`, `import('…')`. */
function importsIn(text: string): Import[] {
  return [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(type\s)?[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms)].map((m) => ({
      specifier: m[2] as string,
      loadsWith: m[1] === undefined,
    })),
    ...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => ({ specifier: m[1] as string, loadsWith: true })),
    ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => ({ specifier: m[1] as string, loadsWith: false })),
  ];
}

/** The relative modules a source imports, resolved to files; with `loadsWith`, only those loaded with it. */
function importsOf(file: string, text: string, loadsWith = false): string[] {
  const relative = importsIn(text).filter((i) => i.specifier.startsWith('.') && (!loadsWith || i.loadsWith));
  return [...new Set(relative.map((i) => path.resolve(path.dirname(file), i.specifier)))].sort();
}

/** Every cycle in the graph, each as the path of files that closes it. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Files over the limit when this test came, being split (issue 10): each may not grow; remove its entry once split. */
const overLimit = new Map<string, number>();

const short = (file: string) => path.relative(root, file).split(path.sep).join('/');
const files = sourceFiles();
const graph = new Map(files.map((file) => [file, importsOf(file, readFileSync(file, 'utf8'))]));

describe('the architecture of scripts/', () => {
  it('finds the imports (a check that reads nothing would pass anything)', () => {
    const build = graph.get(path.join(scripts, 'pipeline/build.ts')) ?? [];
    expect(build).toContain(path.join(scripts, 'pipeline/incremental/plan.ts'));
    expect(build).toContain(path.join(scripts, 'pipeline/finish-build.ts')); // a dynamic import
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('imports only files that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((i) => !graph.has(i)).map((i) => `${short(file)} -> ${short(i)}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((cycle) => cycle.map(short).join(' -> '))).toEqual([]);
  });

  it('never imports from a later stage (or the orchestrator) into an earlier one', () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => graph.has(i) && rankOf(i) > rankOf(file))
        .map((i) => `${short(file)} (${rankOf(file)}) -> ${short(i)} (${rankOf(i)})`),
    );
    expect(upward).toEqual([]);
  });

  it('loads no heavy package when nothing changed: only dynamic imports reach them from the build', () => {
    // What `npm run build` loads before it knows there is work: its static value imports, transitively.
    const heavy = /^(puppeteer|puppeteer-core|liquidjs|pdf-lib|unified|remark-.*|rehype-.*|mdast-.*|hast-util-.*)$/;
    const seen = new Set<string>();
    const loads: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const i of importsIn(text)) if (i.loadsWith && heavy.test(i.specifier)) loads.push(`${short(file)} -> ${i.specifier}`);
      for (const next of importsOf(file, text, true)) visit(next);
    };
    for (const entry of ['build.ts', 'pipeline/build.ts']) visit(path.join(scripts, entry));
    expect(seen.size).toBeGreaterThan(10);
    expect(loads).toEqual([]);
  });

  it('imports zod as a module namespace, so the bundle keeps only the schemas used', () => {
    // zod's own `z` export is one object holding everything (every locale, JSON Schema both ways):
    // 760 KB of JavaScript a build parses; `import * as z` lets esbuild keep ~200 KB.
    const zodImports = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?:type\s+)?(.+?)\s+from\s+'zod(?:\/[^']*)?';/gm)].map((m) => ({
        file: short(file),
        what: m[1],
      })),
    );
    expect(zodImports.length).toBeGreaterThan(3);
    expect(zodImports.filter((i) => i.what !== '* as z')).toEqual([]);
  });

  it('keeps every source file at 300 lines or fewer', () => {
    const long = files
      .map((file) => ({ file: short(file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > (overLimit.get(f.file) ?? 300));
    expect(long).toEqual([]);
  });
});
