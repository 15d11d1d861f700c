// Where each kind of output goes, relative to the output folder: written once,
// used by the stages that write them and the ones that link to them.

/** The Atom feed. */
export const feedPath = 'feed.xml';

/** The listing. */
export const indexPath = 'index.html';

/** One category's listing page. */
export const categoryPath = (slug: string): string => `categories/${slug}.html`;

/** The incremental build's record of what it wrote (incremental/manifest.ts); its presence marks a folder as ours. */
export const manifestName = '.briefing-manifest.json';
