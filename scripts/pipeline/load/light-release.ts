// A loaded release, with or without its Markdown tree. A build loads every
// changed release before it builds any (duplicate slugs, language versions and
// link targets are decided across all of them); loading reads the front matter
// only, and the tree is parsed when the release is built (load/tree-on-read.ts).
// When their sources are small together (limits.keptTreesSourceBytes) each
// keeps that tree, so a pack that prints it need not parse it again. Past that
// budget (10,000 releases) the trees alone would take gigabytes: the facts stay,
// a built release's tree goes with it, and a pack's is parsed again.
import type { VFile } from 'vfile';
import { limits } from '../core/limits.ts';
import type { Release } from './load-release.ts';
import { withTreeOnRead } from './tree-on-read.ts';

export interface LightRelease {
  /** The release for the cross-release checks and the packs. */
  readonly release: Release;
  /** The release with its tree, for building it. */
  readonly parsed: () => Release;
}

/** Whether releases whose sources take these many bytes keep their trees from load to build. */
export function keepsTrees(sourceBytes: readonly number[]): boolean {
  return sourceBytes.reduce((sum, bytes) => sum + bytes, 0) <= limits.keptTreesSourceBytes;
}

/**
 * `sourceBytes`: the UTF-8 bytes the release's text was decoded from, which the
 * caller keeps anyway (the plan read them to hash them). Without its tree, a
 * release's text is then read from them when asked for, instead of staying as a
 * string: Markdown with one curly quote is stored two bytes a character, so
 * that was about 17 KiB per release, twice the bytes.
 */
export function lightRelease(loaded: Release, keepTree: boolean, sourceBytes?: Uint8Array): LightRelease {
  if (keepTree) return { release: loaded, parsed: () => loaded };
  if (sourceBytes) readTextFromBytes(loaded.file, sourceBytes);
  return withoutTree(factsOf(loaded));
}

/** The release's fields but its tree, which is not read (so not parsed: load/tree-on-read.ts). */
function factsOf(release: Release): Omit<Release, 'tree'> {
  const facts: Partial<Record<keyof Release, unknown>> = {};
  for (const key of Object.keys(release) as (keyof Release)[]) if (key !== 'tree') facts[key] = release[key];
  return facts as Omit<Release, 'tree'>;
}

/**
 * Its own function: V8 gives all closures of one function a shared context, so
 * the closures below, made beside `() => loaded` above, kept every release's
 * tree alive (about 30 KiB each) through `loaded`.
 */
function withoutTree(read: Omit<Release, 'tree'>): LightRelease {
  const facts = {
    ...read,
    ...detached({ title: read.title, frontMatter: read.frontMatter, tags: read.tags, key: read.key, slug: read.slug }),
  };
  return {
    // Parsed for the packs on their first read and kept: only a pack's releases
    // are read so, and a release in several packs is parsed for them once.
    release: withTreeOnRead({ ...facts }),
    // Not kept: the tree goes with the release once it is built.
    parsed: () => withTreeOnRead({ ...facts }),
  };
}

/** Makes `file.value` the text of `bytes` on each read (until something sets it). */
function readTextFromBytes(file: VFile, bytes: Uint8Array): void {
  const text = () =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  if (text() !== String(file.value)) return; // not the bytes of this text: keep the string
  Object.defineProperty(file, 'value', {
    configurable: true,
    enumerable: true,
    get: text,
    set: (value: VFile['value']) => Object.defineProperty(file, 'value', { value, writable: true, configurable: true, enumerable: true }),
  });
}

/**
 * A copy of JSON-like data with strings of its own. A string cut from a longer
 * one (the title, from the front matter, from the file's text) is, in V8, a view
 * that keeps the whole text alive: kept facts would hold every release's text.
 */
function detached<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
