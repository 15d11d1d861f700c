// A release's front matter without parsing its whole Markdown. Loading needs
// only the front matter (slug, language, dates: the facts decided across all
// releases before any is built); the body is parsed when the release is built,
// so that parse runs while Chromium prints the releases before it instead of
// holding back the first print (load/load-release.ts).
//
// The same parser reads the same node: micromark's front matter construct sees
// only the characters up to its closing fence and the one after it, which may be
// a line ending or the end of input alike. So the text up to the first line that
// can close it is parsed, and a full parse would give the same node, position
// and all (tests/unit/front-matter-node.test.ts checks that on random texts).
import type { Yaml } from 'mdast';
import { parseMarkdown } from './parse-markdown.ts';

/** A line that closes front matter: `---`, then spaces or tabs only (micromark-extension-frontmatter). */
const closingFence = /(?:\r\n|\r|\n)---[ \t]*(?=\r|\n|$)/g;

/** The `yaml` node that starts `text` when parsed as Markdown, or undefined when it has none. */
export function frontMatterNode(text: string): Yaml | undefined {
  if (!text.startsWith('---')) return undefined;
  closingFence.lastIndex = 3;
  const close = closingFence.exec(text);
  if (!close) return undefined;
  const first = parseMarkdown(text.slice(0, close.index + close[0].length)).children[0];
  return first?.type === 'yaml' ? first : undefined;
}
