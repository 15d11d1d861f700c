// `smart_quotes`: "straight" quotes and -- become typographic ones, code left
// alone. The same two retext-smartypants passes as remark-smartypants 3.0.2,
// whose output pages have always had, without its cost: it parsed every text
// node into a natural-language tree a second time for dashes, ellipses and
// backticks, which was most of the CPU of turning a release into HTML. Here a
// pass runs only on text it can change (retext's trees are concrete: text that
// no rule touches comes back byte for byte), and the quotes pass only on the
// sentences that hold a quote.
import type { InlineCode, Paragraph, Root, Text } from 'mdast';
import { retext } from 'retext';
import retextSmartypants, { type Options } from 'retext-smartypants';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';

/** Only `"` and `'` are read by the quotes pass. */
const hasQuote = /["']/;
/**
 * Any quote but an apostrophe in or after a word (NATO's, don't, Ministers'):
 * a `"`, or a `'` not right after an ASCII letter or digit (so not the second
 * of `''` either). Without one, the quotes pass closes every quote (the word
 * before it is its neighbour, and no quote stands after it to open it), and
 * the natural-language parse that is most of the pass is not needed.
 */
const notAnApostrophe = /"|(?<![A-Za-z0-9])'/;
/** What the second pass replaces: `--`, `---`, `–-`, `...`, `. . .`, ` `` ` and `''`. */
const hasDashOrEllipsis = /--|–-|\.\.\.|\.\s+\.|``|''/;

export const smartQuotes: Plugin<[Options], Root> = (options) => {
  // Quotes first, over all the text at once (a quote's side depends on its
  // neighbours across links and emphasis); then what changes the text's length.
  const quotes = quotesProcessor(options);
  const closingSingle = options.closingQuotes?.single ?? '’';
  const rest = retext().use(retextSmartypants, { ...options, quotes: false });
  return (tree) => {
    let all = '';
    const nodes: Array<Text | InlineCode | Paragraph> = [];
    visit(tree, (node, _index, parent) => {
      if (!parent || (node.type !== 'text' && node.type !== 'inlineCode' && node.type !== 'paragraph')) return;
      // Code counts for its length (a quote beside it is placed by it) but is never changed.
      if (node.type === 'paragraph') all += ' ';
      else all += node.type === 'text' ? node.value : 'A'.repeat(node.value.length);
      nodes.push(node);
    });
    if (hasQuote.test(all)) all = notAnApostrophe.test(all) ? setQuotes(quotes, all) : all.replaceAll("'", closingSingle);
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

function quotesProcessor(options: Options) {
  return retext().use(retextSmartypants, { ...options, ellipses: false, dashes: false, backticks: false });
}

// retext's tree (nlcst), as its parser types it.
type Sentences = ReturnType<ReturnType<typeof quotesProcessor>['parse']>;
type SentenceParagraph = Extract<Sentences['children'][number], { type: 'ParagraphNode' }>;
type Sentence = Extract<SentenceParagraph['children'][number], { type: 'SentenceNode' }>;
type Part = { readonly value: string } | { readonly children: readonly Part[] };

/**
 * The quotes pass, shown only the sentences that hold a quote, and in those
 * only the words and marks around a quote: retext-smartypants places a quote
 * by its neighbours in its sentence or word alone (the one before it and the
 * two after it), and walking every word of a long release was most of this
 * pass. A paragraph with anything but sentences and spaces in it (a quote of
 * its own) is shown whole. The trees shown are restored before stringifying.
 */
function setQuotes(processor: ReturnType<typeof quotesProcessor>, text: string): string {
  const tree = processor.parse(text);
  const hidden: Array<() => void> = [];
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    const all = paragraph.children;
    if (!all.every((child) => child.type === 'SentenceNode' || child.type === 'WhiteSpaceNode')) continue;
    hidden.push(() => {
      paragraph.children = all;
    });
    paragraph.children = all.filter((child) => child.type !== 'SentenceNode' || holdsQuote(child));
    for (const sentence of paragraph.children) if (sentence.type === 'SentenceNode') hidden.push(showNearQuotes(sentence));
  }
  processor.runSync(tree);
  for (const restore of hidden) restore();
  return processor.stringify(tree);
}

/**
 * Shows of `sentence` only each child holding a quote with the one before and
 * the two after it: in the array shown, a quote's neighbours are then the
 * ones it has in the sentence (none before the first child, none after the
 * last). Returns what puts the sentence back.
 */
function showNearQuotes(sentence: Sentence): () => void {
  const all = sentence.children;
  const shown = new Set<number>();
  all.forEach((child, index) => {
    if (holdsQuote(child)) for (let near = index - 1; near <= index + 2; near++) shown.add(near);
  });
  sentence.children = all.filter((_, index) => shown.has(index));
  return () => {
    sentence.children = all;
  };
}

function holdsQuote(node: Part): boolean {
  return 'value' in node ? hasQuote.test(node.value) : node.children.some(holdsQuote);
}
