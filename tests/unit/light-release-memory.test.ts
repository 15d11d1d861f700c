// Past the memory budget, a release waiting to be built keeps its facts, not its
// Markdown tree, its YAML document or its text as a string: at 10,000 releases
// any of them kept per release is hundreds of megabytes. What a closure keeps
// alive is not visible in the code (V8 shares one context among a function's
// closures), so this asks the garbage collector.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { lightRelease } from '../../scripts/pipeline/load/light-release.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { loadConfig } from '../../scripts/pipeline/schema/config.ts';
import { fixtures, templatesDir } from '../helpers/project.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const contentDir = path.join(fixtures, 'packs');
const source = path.join(contentDir, '2024-02-20-long.md');

/** Loads the release and makes it light; returns it with weak references to what it should have let go. */
async function loadLight() {
  const { config } = await loadConfig(contentDir);
  const bytes = readFileSync(source);
  const { file, release } = await loadRelease(source, { contentDir, templatesDir, config }, bytes);
  if (!release) throw new Error(`fixture release did not load: ${file.messages.join('; ')}`);
  const tree = new WeakRef(release.tree);
  const text = String(file.value);
  const light = lightRelease(release, false, bytes);
  return { light, tree, text };
}

describe('a release without its tree (past the budget)', () => {
  it('lets its Markdown tree go, and still gives its text and a tree when asked', async () => {
    const { light, tree, text } = await loadLight();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(tree.deref()).toBeUndefined();
    expect(String(light.release.file.value)).toBe(text);
    expect(light.parsed().tree.children.length).toBeGreaterThan(1);
    expect(light.release.pointOf('title')).toMatchObject({ line: 2 });
    expect(light.release.title.length).toBeGreaterThan(0);
  });

  it('reads its text from the bytes it was decoded from, not from a kept string', async () => {
    const { light } = await loadLight();
    expect(Object.getOwnPropertyDescriptor(light.release.file, 'value')?.get).toBeTypeOf('function');
    light.release.file.value = 'set by a later stage';
    expect(light.release.file.value).toBe('set by a later stage');
  });
});
