// The pages that list releases: <out>/index.html (newest first, grouped by
// year), <out>/categories/<slug>.html (one per category) and, for a listing
// longer than `listing_entries`, a page per year (collections/listing-pages.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatDateline } from '../core/format-dates.ts';
import { labelsFor } from '../core/labels/index.ts';
import { categoryPath, feedPath, indexPath } from '../core/output-paths.ts';
import { isReleaseType } from '../core/release-types.ts';
import type { ListedRelease } from '../core/types.ts';
import type { BuildFonts } from '../fonts/write-font-sets.ts';
import { digest } from '../incremental/manifest.ts';
import type { ListingFontsRecord } from '../incremental/manifest-types.ts';
import { relativeUrl } from '../markdown/assets.ts';
import { fontsDir } from '../render/fonts.ts';
import type { TemplateEngine } from '../render/render-template.ts';
import type { SiteConfig } from '../schema/config.ts';
import { writeFileIfChanged } from '../write/write-output.ts';
import { ListingFonts } from './listing-fonts.ts';
import { groupByYear, type ListingPage, listingPages } from './listing-pages.ts';
import { listedDigest } from './record-views.ts';

export interface WriteListingOptions {
  readonly outDir: string;
  readonly config: SiteConfig;
  readonly engine: TemplateEngine;
  /** Briefing packs built, listed on index.html above the releases. */
  readonly packs?: readonly ListedPack[] | undefined;
  /** Digest of the build's inputs (templates, site config, program): part of every page's digest. */
  readonly inputs: string;
  /** Each page's digest from the last build: a page whose digest is the same, and whose file is there, is not rendered. */
  readonly previous?: Readonly<Record<string, string>> | undefined;
  /** The build's font sets and files: a page links the sets its characters need (listing-fonts.ts). */
  readonly fonts: BuildFonts;
  /** The font files each page linked in the last build. */
  readonly previousFonts?: ListingFontsRecord | undefined;
}

export interface ListingOutcome {
  /** Every listing page, relative to the output folder. */
  readonly outputs: string[];
  /** The digest of what each page shows, for the next build. */
  readonly pages: Record<string, string>;
  /** The font files each page links, for the next build (they are in `outputs` too). */
  readonly fonts: ListingFontsRecord;
}

export interface ListedPack {
  readonly title: string;
  /** Output paths, relative to the output folder. */
  readonly html?: string | undefined;
  readonly pdf?: string | undefined;
  readonly pages?: number | undefined;
}

/**
 * Writes the listing pages whose content changed: a page's digest covers
 * everything it renders, so a change to one release renders the pages that
 * show it (its year's pages, or the front pages when it is among the newest),
 * not every page (collections/listing-pages.ts says which pages there are).
 */
export async function writeListing(releases: readonly ListedRelease[], options: WriteListingOptions): Promise<ListingOutcome> {
  const { config } = options;
  const { pages, categories } = listingPages(releases, config.listing_entries);
  const labels = labelsFor(config.lang);
  const packs = [...(options.packs ?? [])].sort((a, b) => a.title.localeCompare(b.title));
  const counts = categories.map((c) => [c.name, c.slug, c.count]);
  const dates = new Map<string, string>(); // one dateline per date and language, however many pages show it
  const dateline = (r: ListedRelease) => {
    const key = `${r.date}\0${r.lang}`;
    const known = dates.get(key);
    if (known !== undefined) return known;
    const text = formatDateline(r.date, r.lang);
    dates.set(key, text);
    return text;
  };
  const digests: Record<string, string> = {};
  const fonts = new ListingFonts({ outDir: options.outDir, config, fonts: options.fonts }, options.inputs, options.previousFonts);
  for (const page of pages) {
    const template = page.category ? 'category' : 'index';
    // A front page links every category with its count (and the index the packs); a year page neither, so a new release leaves the other years' pages alone.
    const front = page.year === undefined;
    const pagePacks = front && !page.category ? packs : [];
    // What the page shows, before it is rendered: the build's inputs cover the templates, labels and site config.
    const shown = { ...page, releases: page.releases.map(listedDigest) };
    const key = digest(options.inputs, template, shown, front ? counts : [], pagePacks);
    digests[page.path] = key;
    const file = path.join(options.outDir, page.path);
    if (options.previous?.[page.path] === key && existsSync(file) && (await fonts.keep(page.path))) continue;
    const url = (target: string) => relativeUrl(page.path, target);
    const data = {
      site: config,
      lang: config.lang,
      title: pageTitle(page, config.title, labels.year_releases),
      description: page.category ? `${config.organization}: ${page.category.name}` : config.title,
      labels,
      category: page.category,
      year: page.year,
      urls: { index: url(indexPath), feed: url(feedPath), category: page.category && url(categoryPath(page.category.slug)) },
      packs: pagePacks.map((p) => ({ title: p.title, html_url: p.html && url(p.html), pdf_url: p.pdf && url(p.pdf), pages: p.pages })),
      categories: front
        ? categories.map((c) => ({ name: c.name, count: c.count, url: url(categoryPath(c.slug)), current: c.slug === page.category?.slug }))
        : [],
      year_pages: page.years.map((y) => ({ year: y.year, count: y.count, url: url(y.path), current: y.year === page.year })),
      latest: page.latest === undefined ? undefined : labels.latest_releases.replace('N', String(page.latest)),
      years: groupByYear(page.releases).map(([year, items]) => ({
        year,
        releases: items.map((r) => ({
          ...r,
          date_display: dateline(r),
          type_label: isReleaseType(r.type) && r.type !== 'press-release' ? labelsFor(r.lang).types[r.type] : undefined,
          html_url: url(`${r.slug}.html`),
          pdf_url: url(`${r.slug}.pdf`),
          pdf_size: r.pdf ? formatBytes(r.pdf.bytes) : undefined,
          category: r.category ? { name: r.category.name, url: url(categoryPath(r.category.slug)) } : undefined,
        })),
      })),
    };
    // Everything the page can show is in its data: the characters its fonts are cut to come from there.
    const linked = await fonts.link(page.path, JSON.stringify(data));
    const html = await options.engine.render(template, { ...data, fonts: linked.map((name) => url(`${fontsDir}/${name}.css`)) });
    // Bytes that come out the same (a category page after a count elsewhere moved back) keep their file and mtime.
    await writeFileIfChanged(file, html);
  }
  return { outputs: [...pages.map((p) => p.path), ...fonts.files()], pages: digests, fonts: fonts.record() };
}

/** The site's title on the index, the category's name on its page; a year page says its year. */
function pageTitle(page: ListingPage, siteTitle: string, yearReleases: string): string {
  if (page.year === undefined) return page.category?.name ?? siteTitle;
  return page.category ? `${page.category.name} (${page.year})` : yearReleases.replace('YEAR', page.year);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
