// Markdown -> safe HTML with unified: remark-parse (+ GFM, front matter) reads,
// remark-html writes and sanitizes. Raw HTML needs one step remark-html lacks:
// remark-html drops all raw HTML when sanitizing, so `<abbr>` or a pasted
// `<figure>` would vanish. The `prepareHtml` transformer below converts to hast
// itself, reparses raw HTML (hast-util-raw), reports what the schema will drop,
// resolves images, and hands the tree to remark-html, which sanitizes it with the
// same schema before writing it out.

import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import { toString as hastToString } from 'hast-util-to-string';
import type { Root as MdastRoot, RootContent } from 'mdast';
import { type Handler, toHast } from 'mdast-util-to-hast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkHtml, { type Options as RemarkHtmlOptions } from 'remark-html';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, warn } from '../core/messages.ts';
import { type Asset, relativeUrl, resolveImage } from './assets.ts';
import { describeImage, dropAuthorSrcset } from './image-plan.ts';
import { dropLeadingTitle } from './leading-title.ts';
import { type RemoteImage, remoteImage } from './remote-images.ts';
import { isDataImage, reportUnsafeHtml } from './report-unsafe-html.ts';
import { releaseSchema } from './sanitize-schema.ts';
import { fitTables } from './wide-tables.ts';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Parses Markdown (with its front matter node) without transforming it. */
export function parseMarkdown(file: VFile): MdastRoot {
  return parser.parse(file);
}

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

export interface MarkdownOptions {
  /** The content folder: images must resolve inside it. */
  readonly contentDir: string;
  /** Where the page will be written, relative to the output folder (for asset URLs). */
  readonly outputPath: string;
  readonly lang: string;
  /** `allow_remote_images` from the site config (default false: remote images are removed). */
  readonly allowRemoteImages?: boolean | undefined;
  /** `smart_quotes` from the site config: "straight" quotes and -- become typographic ones (code is left alone). */
  readonly smartQuotes?: boolean | undefined;
  /** The release's title: a leading `# heading` equal to it is dropped (see leading-title.ts). */
  readonly title?: string | undefined;
}

interface Collected {
  headings: Heading[];
  assets: Asset[];
  remote: RemoteImage[];
}

const hastNodeType = 'briefingHast';
interface HastHolder {
  type: typeof hastNodeType;
  data: { hast: HastRoot };
}

/** Renders a parsed tree to sanitized HTML. Problems go to `file`. */
export function renderMarkdown(tree: MdastRoot, file: VFile, options: MarkdownOptions): RenderedMarkdown {
  const collected: Collected = { headings: [], assets: [], remote: [] };
  const processor = unified()
    // `--` an en dash (ranges, spaced asides), `---` an em dash: what press writers type for each.
    .use(options.smartQuotes ? [[remarkSmartypants, { dashes: 'oldschool' }]] : [])
    .use(prepareHtml, options, collected)
    .use(remarkHtml, {
      sanitize: releaseSchema,
      handlers: { [hastNodeType]: unwrapHast } as RemarkHtmlOptions['handlers'],
    });
  // Work on a copy: the caller's tree stays as parsed (it is hashed and reused).
  const copy = structuredClone(tree);
  const transformed = processor.runSync(copy, file);
  // remark-html renames the file to .html; messages must keep naming the source.
  const sourcePath = file.path;
  const html = processor.stringify(transformed as MdastRoot, file);
  file.path = sourcePath;
  return { html, ...collected };
}

// remark-html's own mdast -> hast step meets our node and takes its tree as is.
const unwrapHast = ((_state: unknown, node: HastHolder) => node.data.hast.children as ElementContent[]) as unknown as Handler;

function prepareHtml(options: MarkdownOptions, collected: Collected) {
  return (tree: MdastRoot, file: VFile): void => {
    dropLeadingTitle(tree, file, options.title);
    tree.children = tree.children.filter((node) => node.type !== 'yaml');
    const labels = footnoteLabels(options.lang);
    const hast = raw(
      toHast(tree, {
        allowDangerousHtml: true,
        clobberPrefix: '',
        footnoteLabel: labels.heading,
        footnoteBackLabel: labels.back,
        footnoteLabelTagName: 'h2',
        footnoteLabelProperties: { className: ['footnotes-heading'] },
      }) as HastRoot,
      { file },
    ) as HastRoot;
    alignmentToClasses(hast);
    reportUnsafeHtml(hast, releaseSchema, file);
    resolveImages(hast, file, options, collected);
    fitTables(hast, file, options.lang);
    addHeadingIds(hast, collected);
    const holder: HastHolder = { type: hastNodeType, data: { hast } };
    tree.children = [holder as unknown as RootContent];
  };
}

function resolveImages(tree: HastRoot, file: VFile, options: MarkdownOptions, collected: Collected): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'img') return;
    const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : '';
    const place = node.position?.start;
    dropAuthorSrcset(node, file);
    if (typeof node.properties.alt !== 'string' || node.properties.alt.trim() === '') {
      warn(file, 'Image has no alt text: describe it for readers who cannot see it', place, 'image-alt');
    }
    if (src === '') {
      fail(file, 'Image has no source', place, 'image-missing');
    } else if (/^data:/i.test(src)) {
      if (isDataImage(src)) return;
      warn(file, 'Removed `src` with a `data:` URL that is not a PNG, JPEG, GIF, WebP or AVIF image', place, 'unsafe-html');
    } else if (/^https?:/i.test(src) && options.allowRemoteImages) {
      const remote = remoteImage(src, place);
      collected.remote.push(remote);
      node.properties.src = relativeUrl(options.outputPath, remote.output);
      return;
    } else if (/^https?:/i.test(src)) {
      warn(
        file,
        `Removed remote image \`${src}\`: the build fetches nothing from the network; save the image next to the release (or set allow_remote_images: true in site.yml)`,
        place,
        'remote-image',
      );
    } else {
      const resolved = resolveImage(src, file.path, options.contentDir);
      if (resolved.ok) {
        collected.assets.push(resolved.asset);
        node.properties.src = relativeUrl(options.outputPath, resolved.asset.output);
        const { source, output } = resolved.asset;
        describeImage(
          node,
          source,
          output,
          (to) => relativeUrl(options.outputPath, to),
          (why) => warn(file, why, place, 'image-resolution'),
        );
        return;
      }
      fail(file, resolved.reason, place, 'image-missing');
    }
    // An image we cannot show is replaced by its alt text, so no content is lost.
    if (parent && typeof index === 'number') {
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
      parent.children.splice(index, 1, { type: 'text', value: alt });
      return index;
    }
    return undefined;
  });
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

function footnoteLabels(lang: string): { heading: string; back: string } {
  if (lang.startsWith('ja')) return { heading: '注', back: '本文に戻る' };
  if (lang.startsWith('fr')) return { heading: 'Notes', back: 'Retour au texte' };
  return { heading: 'Notes', back: 'Back to text' };
}
