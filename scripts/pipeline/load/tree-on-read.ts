// A loaded release's Markdown tree, parsed on its first read and kept. Loading
// reads only the front matter (markdown/front-matter-node.ts): a build loads
// every changed release before it builds any, and parsing each body there kept
// Chromium waiting for its first page while Node parsed them all. Read when the
// release is built (or checked, or printed in a pack), the parse overlaps the
// printing of the releases before it.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { failOnException } from '../core/caught-error.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';

/**
 * `facts` with a `tree` parsed from `facts.file` when first read. A parse that
 * throws (a nesting the prescan let through) fails the release at its first
 * line, as it did when it was parsed at load, and reads as an empty document.
 */
export function withTreeOnRead<T extends { readonly file: VFile }>(facts: T): T & { readonly tree: Root } {
  let tree: Root | undefined;
  return Object.defineProperty(facts, 'tree', {
    enumerable: true,
    get: () => {
      tree ??= parsedOrEmpty(facts.file);
      return tree;
    },
  }) as T & { readonly tree: Root };
}

function parsedOrEmpty(file: VFile): Root {
  try {
    return parseMarkdown(file);
  } catch (error) {
    failOnException(file, 'read', error);
    return { type: 'root', children: [] };
  }
}
