// Markdown -> mdast: remark-parse with GFM and front matter. One parser, used
// without the literal autolinks a text cannot hold.
//
// GFM's literal autolinks (`www.example.org`, `https://…`, `press@example.org`)
// are constructs micromark tries at the letters that may start one: an
// email's at every letter, digit and `.-_+`, and each try reads on to the end
// of the word before it fails. That was a third of parsing a release. Each
// needs a mark in the text: an email its `@`, a www link `www.`, a link with a
// protocol `http://` or `https://` (case aside). A text without a mark is
// parsed without that construct, and the tree is the same: a construct that
// cannot match takes nothing, and the text it would have split micromark
// joins again into one data token. (tests/unit/parse-markdown.test.ts)
import type { Root as MdastRoot } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Data, unified } from 'unified';
import type { VFile } from 'vfile';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** micromark's names for the constructs, and the mark each needs. */
export const literalAutolinks: ReadonlyArray<{ readonly name: string; readonly mark: RegExp }> = [
  { name: 'emailAutolink', mark: /@/ },
  { name: 'wwwAutolink', mark: /www\./i },
  { name: 'protocolAutolink', mark: /https?:\/\//i },
];

/** The parser without the named constructs, made once per set of names. */
const without = new Map<string, typeof parser>();

/** Parses Markdown (with its front matter node) without transforming it. */
export function parseMarkdown(file: VFile | string): MdastRoot {
  const text = String(file);
  const absent = literalAutolinks.filter((construct) => !construct.mark.test(text)).map((construct) => construct.name);
  return parserWithout(absent).parse(file);
}

/** The parser without the named literal autolink constructs (for the tests: none, some or all). */
export function parserWithout(names: readonly string[]): typeof parser {
  if (names.length === 0) return parser;
  const key = names.join(' ');
  const made = without.get(key);
  if (made) return made;
  // remark-parse reads the extensions when it parses, from the data GFM filled in when frozen.
  const copy = parser().freeze();
  const data = copy.data();
  data.micromarkExtensions = (data.micromarkExtensions ?? []).map((extension) => withoutConstructs(extension, new Set(names)));
  without.set(key, copy);
  return copy;
}

type MicromarkExtension = NonNullable<Data['micromarkExtensions']>[number];
type ConstructRecord = NonNullable<MicromarkExtension['text']>;
type Construct = Extract<ConstructRecord[string], { name?: string }>;

/** `extension` without the named text constructs (new objects: GFM's own are shared). */
function withoutConstructs(extension: MicromarkExtension, names: ReadonlySet<string>): MicromarkExtension {
  if (!extension.text) return extension;
  const text: ConstructRecord = {};
  for (const [code, constructs] of Object.entries(extension.text)) {
    const kept = [constructs].flat().filter((c): c is Construct => c !== undefined && !names.has(c.name ?? ''));
    if (kept.length > 0) text[code] = kept;
  }
  return { ...extension, text };
}
