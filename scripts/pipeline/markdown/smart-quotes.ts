// `smart_quotes`: "straight" quotes and -- become typographic ones, code left
// alone. The same two retext-smartypants passes as remark-smartypants 3.0.2,
// whose output pages have always had, without its cost: it parsed every text
// node into a natural-language tree a second time for dashes, ellipses and
// backticks, which was most of the CPU of turning a release into HTML. Here a
// pass runs only on text it can change (retext's trees are concrete: text that
// no rule touches comes back byte for byte).
import type { Paragraph, Root, Text } from 'mdast';
import { retext } from 'retext';
import retextSmartypants, { type Options } from 'retext-smartypants';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';

/** Only `"` and `'` are read by the quotes pass. */
const hasQuote = /["']/;
/** What the second pass replaces: `--`, `---`, `–-`, `...`, `. . .`, ` `` ` and `''`. */
const hasDashOrEllipsis = /--|–-|\.\.\.|\.\s+\.|``|''/;

export const smartQuotes: Plugin<[Options], Root> = (options) => {
  // Quotes first, over all the text at once (a quote's side depends on its
  // neighbours across links and emphasis); then what changes the text's length.
  const quotes = retext().use(retextSmartypants, { ...options, ellipses: false, dashes: false, backticks: false });
  const rest = retext().use(retextSmartypants, { ...options, quotes: false });
  return (tree) => {
    let all = '';
    const nodes: Array<Text | Paragraph | { type: 'inlineCode'; value: string }> = [];
    visit(tree, (node, _index, parent) => {
      if (!parent || (node.type !== 'text' && node.type !== 'inlineCode' && node.type !== 'paragraph')) return;
      // Code counts for its length (a quote beside it is placed by it) but is never changed.
      if (node.type === 'paragraph') all += ' ';
      else all += node.type === 'text' ? node.value : 'A'.repeat(node.value.length);
      nodes.push(node);
    });
    if (hasQuote.test(all)) all = quotes.processSync(all).toString();
    let start = 0;
    for (const node of nodes) {
      if (node.type === 'paragraph') {
        start += 1; // the space put before it above
        continue;
      }
      const end = start + node.value.length;
      if (node.type === 'text') {
        const text = all.slice(start, end);
        node.value = hasDashOrEllipsis.test(text) ? rest.processSync(text).toString() : text;
      }
      start = end;
    }
  };
};
