// Where each kind of output goes, relative to the output folder: written once,
// used by the stages that write them and the ones that link to them.

/** The Atom feed. */
export const feedPath = 'feed.xml';

/** The listing. */
export const indexPath = 'index.html';

/** One category's listing page. */
export const categoryPath = (slug: string): string => `categories/${slug}.html`;

/** The folder of the index's year pages, when the index shows only the newest releases. */
export const archiveFolder = 'archive';

/** The index's page for one year: every release dated in it. */
export const archivePath = (year: string): string => `${archiveFolder}/${year}.html`;

/** A category's page for one year, beside its listing page (a folder, so no category slug can take the name). */
export const categoryYearPath = (slug: string, year: string): string => `categories/${slug}/${year}.html`;

/** The incremental build's record of what it wrote (incremental/manifest.ts); its presence marks a folder as ours. */
export const manifestName = '.briefing-manifest.json';
