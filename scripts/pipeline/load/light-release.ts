// A loaded release without its Markdown tree. A build loads every changed
// release before it builds any (duplicate slugs, language versions and link
// targets are decided across all of them); at 10,000 releases their trees
// alone would take gigabytes. The facts stay, the tree is parsed again from
// the same text when the release is built, or printed in a pack.
import type { Root } from 'mdast';
import { parseMarkdown } from '../markdown/markdown.ts';
import type { Release } from './load-release.ts';

export interface LightRelease {
  /** The release for the cross-release checks and the packs: its `tree` is parsed on each read. */
  readonly release: Release;
  /** The release with its tree parsed once, for building it; dropped with the object after. */
  readonly parsed: () => Release;
}

export function lightRelease(loaded: Release): LightRelease {
  const { tree: _dropped, ...facts } = loaded;
  const parse = (): Root => parseMarkdown(facts.file);
  return {
    release: {
      ...facts,
      get tree() {
        return parse();
      },
    },
    parsed: () => ({ ...facts, tree: parse() }),
  };
}
