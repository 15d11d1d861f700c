// What raw HTML a press release may carry. Starts from GitHub's schema
// (hast-util-sanitize's default) and adjusts it for releases:
// - keeps document structure authors paste from Word or a CMS: figures and
//   captions, table captions and column groups, <abbr>, <small>, <mark>, <time>;
// - drops everything that can run, load or submit: scripts, forms and their
//   attributes, iframes/objects/embeds (never in the tag list), event handlers
//   (never in the attribute list), `javascript:` and `data:` links;
// - allows `data:` only for images, checked for an image type in reportUnsafeHtml;
// - keeps ids as written (no `user-content-` prefix): DOM clobbering needs a
//   script to exploit, and no script runs in our pages (CSP `script-src 'none'`),
//   while the prefix would break in-page links, footnotes and the outline.
import { defaultSchema, type Schema } from 'hast-util-sanitize';
import { tableSizes } from './wide-tables.ts';

const formAttributes = new Set(['accept', 'acceptCharset', 'action', 'encType', 'method', 'prompt']);
const globalAttributes = (defaultSchema.attributes?.['*'] ?? []).filter(
  (attribute) => typeof attribute !== 'string' || !formAttributes.has(attribute),
);
const addedTags = ['figure', 'figcaption', 'caption', 'colgroup', 'col', 'abbr', 'small', 'mark', 'time', 'cite', 'dfn', 'u', 'wbr'];
// `input` only served task lists; `picture`/`source` would load images past our resolver.
const droppedTags = new Set(['input', 'picture', 'source']);

// Column alignment is carried as a class (see markdown.ts): `align` is obsolete in HTML5.
const cellAlignment: NonNullable<Schema['attributes']>[string] = [['className', 'align-left', 'align-center', 'align-right']];

export const releaseSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []).filter((tag) => !droppedTags.has(tag)), ...addedTags],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...globalAttributes, 'ariaHidden', 'role'],
    a: [...(defaultSchema.attributes?.a ?? []), 'ariaDescribedBy', ['className', 'data-footnote-backref', 'heading-anchor']],
    // srcset/sizes only ever come from the build (image-plan.ts): markdown.ts removes authors' first.
    img: [...(defaultSchema.attributes?.img ?? []), 'alt', 'loading', 'srcSet', 'sizes'],
    td: [...cellAlignment, 'colSpan', 'rowSpan', 'headers'],
    th: [...cellAlignment, 'colSpan', 'rowSpan', 'headers', 'scope'],
    col: ['span'],
    time: ['dateTime'],
    sup: ['id'],
    h2: [['className', 'sr-only', 'footnotes-heading']],
    // The boxes wide-tables.ts puts around tables: a labelled section is a region landmark.
    div: [...(defaultSchema.attributes?.div ?? []), ['className', 'table-landscape']],
    section: [
      'dataFootnotes',
      ['className', 'footnotes', 'table-scroll', ...tableSizes.map((pt) => `table-${pt}pt`)],
      'tabIndex',
      'ariaLabel',
    ],
  },
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto', 'tel'],
    src: ['http', 'https', 'data'],
  },
  required: {},
  strip: ['script', 'style', 'template', 'noscript', 'title', 'textarea', 'select', 'option', 'svg', 'math'],
};

/** Tags whose content is discarded with them (not kept as text). */
export const strippedTags: ReadonlySet<string> = new Set(releaseSchema.strip ?? []);
