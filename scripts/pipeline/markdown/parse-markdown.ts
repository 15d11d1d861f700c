// Markdown -> mdast: remark-parse with GFM and front matter. One parser, used
// without the GFM steps that cannot find anything in a given text.
//
// GFM's literal autolinks (`www.example.org`, `https://…`, `press@example.org`)
// are constructs micromark tries at the letters that may start one: an
// email's at every letter, digit and `.-_+`, and each try reads on to the end
// of the word before it fails. With the tree transform that links literal
// autolinks in the decoded text, that was a third of parsing a release. Each
// needs a mark in the text: an email its `@`, a www link `www.`, a link with
// a protocol `http://` or `https://` (case aside); micromark reads the source
// as written, and the transform also a character reference, which may decode
// to a mark. A text without a mark is parsed without what needs it, and the
// tree is the same: a construct that cannot match takes nothing (the text it
// would have split micromark joins again into one data token), and a
// transform that finds nothing changes nothing. GFM's table is tried at the
// start of every line and reads the line to its end as a head row before it
// looks for the delimiter row under it: that row's line is its mark (a table
// needs no `|`: `a` over `:-` is one). (tests/unit/parse-markdown.test.ts)
import type { Root as MdastRoot } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Data, unified } from 'unified';
import type { VFile } from 'vfile';

/** Our name for the transform (it has none in micromark's sense). */
const autolinkTransform = 'literalAutolinkTransform';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** The steps a text may go without: micromark's constructs by their names, the transform by ours; and the mark each needs. */
export const markedSteps: ReadonlyArray<{ readonly name: string; readonly mark: RegExp }> = [
  { name: 'emailAutolink', mark: /@/ },
  { name: 'wwwAutolink', mark: /www\./i },
  { name: 'protocolAutolink', mark: /https?:\/\//i },
  { name: autolinkTransform, mark: /@|www\.|https?:\/\/|&[#A-Za-z]/i },
  // A table needs a delimiter row: a line of `-`, `:`, `|`, spaces and tabs with a `:` or a `|` in it (else it
  // is a thematic break or a setext underline), after what a quote or list item puts first (`>`, spaces, tabs).
  { name: 'table', mark: /^[\t >]*[\t :|-]*[:|][\t :|-]*$/m },
];

/** The parser without the named steps, made once per set of names. */
const without = new Map<string, typeof parser>();

/** Parses Markdown (with its front matter node) without transforming it. */
export function parseMarkdown(file: VFile | string): MdastRoot {
  const text = String(file);
  return parserWithout(markedSteps.filter((step) => !step.mark.test(text)).map((step) => step.name)).parse(file);
}

/** The parser without the named steps of `markedSteps` (for the tests: none, some or all). */
export function parserWithout(names: readonly string[]): typeof parser {
  if (names.length === 0) return parser;
  const key = names.join(' ');
  const made = without.get(key);
  if (made) return made;
  // remark-parse reads the extensions when it parses, from the data GFM filled in when frozen.
  const copy = parser().freeze();
  const data = copy.data();
  const dropped = new Set(names);
  data.micromarkExtensions = (data.micromarkExtensions ?? []).map((extension) => withoutConstructs(extension, dropped));
  if (dropped.has(autolinkTransform)) {
    // The extension that turns literalAutolink tokens into links also holds the transform.
    data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? [])
      .flat()
      .map((extension) => (extension.enter && 'literalAutolink' in extension.enter ? { ...extension, transforms: [] } : extension));
  }
  without.set(key, copy);
  return copy;
}

type MicromarkExtension = NonNullable<Data['micromarkExtensions']>[number];
type ConstructRecord = NonNullable<MicromarkExtension['text']>;
type Construct = Extract<ConstructRecord[string], { name?: string }>;

/** `extension` without the named text and flow constructs (new objects: GFM's own are shared). */
function withoutConstructs(extension: MicromarkExtension, names: ReadonlySet<string>): MicromarkExtension {
  const kept = (record: ConstructRecord): ConstructRecord => {
    const result: ConstructRecord = {};
    for (const [code, constructs] of Object.entries(record)) {
      const left = [constructs].flat().filter((c): c is Construct => c !== undefined && !names.has(c.name ?? ''));
      if (left.length > 0) result[code] = left;
    }
    return result;
  };
  return {
    ...extension,
    ...(extension.text ? { text: kept(extension.text) } : {}),
    ...(extension.flow ? { flow: kept(extension.flow) } : {}),
  };
}
