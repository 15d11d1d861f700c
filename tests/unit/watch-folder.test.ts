// npm run dev's watcher (dev/watch-folder.ts): one call per burst of writes,
// for files at the top, in folders that were there, and in folders made
// while it watches, with every file a burst touched; never for editors' swap files.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { watchFolder } from '../../scripts/dev/watch-folder.ts';
import { tempDir } from '../helpers/project.ts';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

/** The files of the next burst the watcher reports, or undefined after `ms`. */
function watching(dir: string) {
  const seen: Array<readonly string[]> = [];
  let wake: (() => void) | undefined;
  const watcher = watchFolder(dir, (files) => {
    seen.push(files);
    wake?.();
  });
  stop = () => {
    watcher.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const next = (ms = 3000) =>
    new Promise<readonly string[] | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      wake = () => {
        clearTimeout(timer);
        resolve(seen.shift());
      };
      if (seen.length > 0) wake();
    });
  return next;
}

it('reports a write at the top, in a folder there before, and in a folder made since', async () => {
  const dir = tempDir('briefing-watch-');
  mkdirSync(path.join(dir, 'images'));
  const next = watching(dir);
  writeFileSync(path.join(dir, 'a.md'), 'one');
  expect(await next()).toEqual([path.join(dir, 'a.md')]);
  writeFileSync(path.join(dir, 'images', 'map.svg'), '<svg/>');
  expect(await next()).toEqual([path.join(dir, 'images', 'map.svg')]);
  mkdirSync(path.join(dir, 'news'));
  expect(await next()).toEqual([path.join(dir, 'news')]);
  writeFileSync(path.join(dir, 'news', 'b.md'), 'two');
  expect(await next()).toEqual([path.join(dir, 'news', 'b.md')]);
});

it('reports a burst once, and no swap file', async () => {
  const dir = tempDir('briefing-watch-');
  const next = watching(dir);
  writeFileSync(path.join(dir, '.a.md.swp'), 'x');
  writeFileSync(path.join(dir, 'a.md~'), 'x');
  expect(await next(300)).toBeUndefined();
  for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, 'a.md'), `write ${i}`);
  expect(await next()).toEqual([path.join(dir, 'a.md')]);
  expect(await next(300)).toBeUndefined();
});

it('reports every file a burst touched, once each', async () => {
  const dir = tempDir('briefing-watch-');
  const next = watching(dir);
  writeFileSync(path.join(dir, 'a.md'), 'one');
  writeFileSync(path.join(dir, 'b.md'), 'two');
  writeFileSync(path.join(dir, 'a.md'), 'three');
  expect([...((await next()) ?? [])].sort()).toEqual([path.join(dir, 'a.md'), path.join(dir, 'b.md')]);
  expect(await next(300)).toBeUndefined();
});
