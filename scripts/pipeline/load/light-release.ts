// A loaded release, with or without its Markdown tree. A build loads every
// changed release before it builds any (duplicate slugs, language versions and
// link targets are decided across all of them). When their sources are small
// together (limits.keptTreesSourceBytes) each keeps the tree it was loaded with,
// so its Markdown is parsed once per build. Past that budget (10,000 releases)
// the trees alone would take gigabytes: the facts stay, and the tree is parsed
// again from the same text when the release is built, or printed in a pack.
import type { Root } from 'mdast';
import { limits } from '../core/limits.ts';
import { parseMarkdown } from '../markdown/markdown.ts';
import type { Release } from './load-release.ts';

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

export function lightRelease(loaded: Release, keepTree: boolean): LightRelease {
  if (keepTree) return { release: loaded, parsed: () => loaded };
  const { tree: _dropped, ...facts } = loaded;
  // Parsed for the packs on their first read and kept: only a pack's releases
  // are read so, and a release in several packs is parsed for them once.
  let forPacks: Root | undefined;
  return {
    release: {
      ...facts,
      get tree() {
        forPacks ??= parseMarkdown(facts.file);
        return forPacks;
      },
    },
    // Not kept: the tree goes with the release once it is built.
    parsed: () => ({ ...facts, tree: parseMarkdown(facts.file) }),
  };
}
