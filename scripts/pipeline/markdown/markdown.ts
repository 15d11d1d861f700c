// Markdown -> safe HTML with unified: remark-parse (+ GFM, front matter) reads,
// remark-html writes and sanitizes (its `sanitize` option, our schema).
//
// One step has to happen on the HTML tree, between remark-html's own mdast ->
// hast conversion and its sanitizing, where remark-html has no hook: raw HTML.
// With a schema, remark-html drops every raw HTML node, so an `<abbr>` or a
// pasted `<figure>` would vanish; and it passes neither the footnote labels
// nor `clobberPrefix` to mdast-util-to-hast. So the `toSafeHast` transformer
// converts to hast itself (with those options), reparses the raw HTML
// (hast-util-raw), reports what the schema will drop, resolves images and adds
// heading ids. It hands the result to remark-html through the field
// mdast-util-to-hast reads for exactly this, `data.hChildren` on the root;
// remark-html then sanitizes and serializes that as usual.

import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, RootContent as HastContent, Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import { toString as hastToString } from 'hast-util-to-string';
import type { Root as MdastRoot } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import remarkHtml from 'remark-html';
import { type Plugin, unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { labelsFor } from '../core/labels/index.ts';
import type { Asset } from './assets.ts';
import { dropLeadingTitle } from './leading-title.ts';
import type { RemoteImage } from './remote-images.ts';
import { reportUnsafeHtml } from './report-unsafe-html.ts';
import { type FoundImages, type ImageOptions, resolveImages } from './resolve-images.ts';
import { releaseSchema } from './sanitize-schema.ts';
import { smartQuotes } from './smart-quotes.ts';
import { fitTables } from './wide-tables.ts';

export interface Heading {
  readonly depth: number;
  readonly text: string;
  readonly id: string;
}

export interface RenderedMarkdown {
  readonly html: string;
  readonly headings: readonly Heading[];
  readonly assets: readonly Asset[];
  /** Remote images to download before printing (only when allowed). */
  readonly remote: readonly RemoteImage[];
}

export interface MarkdownOptions extends ImageOptions {
  readonly lang: string;
  /** `smart_quotes` from the site config: "straight" quotes and -- become typographic ones (code is left alone). */
  readonly smartQuotes?: boolean | undefined;
  /** The release's title: a leading `# heading` equal to it is dropped (see leading-title.ts). */
  readonly title?: string | undefined;
}

interface Collected extends FoundImages {
  headings: Heading[];
}

/** Renders a parsed tree to sanitized HTML. Problems go to `file`. */
export function renderMarkdown(tree: MdastRoot, file: VFile, options: MarkdownOptions): RenderedMarkdown {
  const collected: Collected = { headings: [], assets: [], remote: [] };
  const processor = unified()
    .use(dropFrontMatter)
    // `--` an en dash (ranges, spaced asides), `---` an em dash: what press writers type for each.
    .use(options.smartQuotes ? [[smartQuotes, { dashes: 'oldschool' }]] : [])
    .use(toSafeHast, options, collected)
    .use(remarkHtml, { sanitize: releaseSchema });
  // Work on a copy: the caller's tree stays as parsed (it is hashed and reused).
  const transformed = processor.runSync(structuredClone(tree), file);
  // Serialized without the source file: every problem was reported above, and
  // remark-html would rename the file it is given to `.html`.
  const html = processor.stringify(transformed);
  return { html, ...collected };
}

/** The front matter was read when the release loaded; it is not part of the page. */
const dropFrontMatter: Plugin<[], MdastRoot> = () => (tree) => {
  tree.children = tree.children.filter((node) => node.type !== 'yaml');
};

const toSafeHast: Plugin<[MarkdownOptions, Collected], MdastRoot> = (options, collected) => {
  return (tree, file) => {
    const labels = labelsFor(options.lang);
    dropLeadingTitle(tree, file, options.title);
    const converted = toHast(tree, {
      allowDangerousHtml: true,
      clobberPrefix: '',
      footnoteLabel: labels.footnotes,
      footnoteBackLabel: labels.footnote_back,
      // Not the default ↩, which none of the bundled fonts has (the reader's system drew it, or a box): ↑ is in every Latin set.
      footnoteBackContent: '↑',
      footnoteLabelTagName: 'h2',
      footnoteLabelProperties: { className: ['footnotes-heading'] },
    });
    // Reparsing the tree through an HTML parser (hast-util-raw) is needed only
    // for raw HTML in it, and was a fifth of rendering a release without any.
    const hast = hasRawHtml(converted) ? raw(converted, { file }) : dataAttributesAsParsed(converted);
    if (hast.type !== 'root') throw new Error('hast-util-raw returned a node, not a tree');
    alignmentToClasses(hast);
    reportUnsafeHtml(hast, releaseSchema, file);
    resolveImages(hast, file, options, collected);
    fitTables(hast, file, options.lang);
    addHeadingIds(hast, collected);
    // The mdast children are done with: remark-html takes these instead.
    tree.children = [];
    tree.data = { ...tree.data, hChildren: spaced(hast.children) };
  };
};

/**
 * What the reparse did besides raw HTML: toHast marks footnotes with boolean
 * data attributes (`data-footnotes`), which a parse reads back as empty
 * strings (`data-footnotes=""`); kept so, every page stays byte for byte.
 */
function dataAttributesAsParsed<T extends HastRoot | HastContent>(tree: T): T {
  visit(tree, 'element', (node: Element) => {
    for (const [name, value] of Object.entries(node.properties)) if (value === true && /^data[A-Z]/.test(name)) node.properties[name] = '';
  });
  return tree;
}

function hasRawHtml(tree: HastRoot | HastContent): boolean {
  let found = false;
  visit(tree, 'raw', () => {
    found = true;
    return false; // stop at the first
  });
  return found;
}

/**
 * The page has always had one more line break between top-level blocks than
 * toHast puts there (an artefact of how the tree used to be handed over);
 * kept, so every page stays byte for byte what it was.
 */
function spaced(children: readonly HastContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === 'doctype') continue; // a fragment has none
    if (out.length > 0) out.push({ type: 'text', value: '\n' });
    out.push(child);
  }
  return out;
}

/**
 * GFM column alignment arrives as `align` on cells, which HTML5 made obsolete
 * and the stylesheet's `text-align` overrides anyway; a class survives both and
 * the Content-Security-Policy (no inline `style`).
 */
function alignmentToClasses(tree: HastRoot): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'td' && node.tagName !== 'th') return;
    const align = node.properties.align;
    if (typeof align !== 'string') return;
    node.properties.align = undefined;
    if (!['left', 'center', 'right'].includes(align.toLowerCase())) return;
    const existing = Array.isArray(node.properties.className) ? node.properties.className : [];
    node.properties.className = [...existing, `align-${align.toLowerCase()}`];
  });
}

function addHeadingIds(tree: HastRoot, collected: Collected): void {
  const slugger = new GithubSlugger();
  visit(tree, 'element', (node: Element) => {
    const match = /^h([1-6])$/.exec(node.tagName);
    if (!match || hasClass(node, 'footnotes-heading')) return;
    const text = hastToString(node).trim();
    const existing = typeof node.properties.id === 'string' ? node.properties.id : undefined;
    const id = existing ?? `section-${slugger.slug(text) || 'heading'}`;
    node.properties.id = id;
    collected.headings.push({ depth: Number(match[1]), text, id });
  });
}

function hasClass(node: Element, name: string): boolean {
  const className = node.properties.className;
  return Array.isArray(className) && className.includes(name);
}
