// The pages that list releases: <out>/index.html (all, newest first, grouped by
// year) and <out>/categories/<slug>.html (one per category).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatDateline } from '../core/dates.ts';
import { labelsFor } from '../core/labels/index.ts';
import { categoryPath, feedPath } from '../core/output-paths.ts';
import { isReleaseType } from '../core/release-types.ts';
import type { ListedRelease } from '../core/types.ts';
import { digest } from '../incremental/manifest.ts';
import { relativeUrl } from '../markdown/assets.ts';
import { fontsDir } from '../render/fonts.ts';
import type { TemplateEngine } from '../render/render-template.ts';
import type { SiteConfig } from '../schema/config.ts';
import { writeFileIfChanged } from '../write/write-output.ts';

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
}

export interface ListingOutcome {
  /** Every listing page, relative to the output folder. */
  readonly outputs: string[];
  /** The digest of what each page shows, for the next build. */
  readonly pages: Record<string, string>;
}

export interface ListedPack {
  readonly title: string;
  /** Output paths, relative to the output folder. */
  readonly html?: string | undefined;
  readonly pdf?: string | undefined;
  readonly pages?: number | undefined;
}

/**
 * Writes the index and category pages whose content changed: a page's digest
 * covers everything it renders, so a change to one release renders the index
 * and its category page, not every category's.
 */
export async function writeListing(releases: readonly ListedRelease[], options: WriteListingOptions): Promise<ListingOutcome> {
  const sorted = [...releases].sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
  const categories = new Map<string, { name: string; slug: string; releases: ListedRelease[] }>();
  for (const release of sorted) {
    if (!release.category) continue;
    const entry = categories.get(release.category.slug) ?? { ...release.category, releases: [] };
    entry.releases.push(release);
    categories.set(release.category.slug, entry);
  }
  const categoryList = [...categories.values()].sort((a, b) => a.name.localeCompare(b.name));
  const pages: Array<{ path: string; title: string; releases: ListedRelease[]; category?: { name: string; slug: string } }> = [
    { path: 'index.html', title: options.config.title, releases: sorted },
    ...categoryList.map((c) => ({
      path: categoryPath(c.slug),
      title: c.name,
      releases: c.releases,
      category: { name: c.name, slug: c.slug },
    })),
  ];
  const labels = labelsFor(options.config.lang);
  const packs = [...(options.packs ?? [])].sort((a, b) => a.title.localeCompare(b.title));
  const counts = categoryList.map((c) => [c.name, c.slug, c.releases.length]);
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
  for (const page of pages) {
    const template = page.category ? 'category' : 'index';
    // What the page shows, before it is rendered: the build's inputs cover the templates, labels and site config.
    const key = digest(options.inputs, template, page, counts, page.category ? [] : packs);
    digests[page.path] = key;
    const file = path.join(options.outDir, page.path);
    if (options.previous?.[page.path] === key && existsSync(file)) continue;
    const url = (target: string) => relativeUrl(page.path, target);
    const html = await options.engine.render(template, {
      site: options.config,
      lang: options.config.lang,
      title: page.title,
      description: page.category ? `${options.config.organization}: ${page.category.name}` : options.config.title,
      fonts: [url(`${fontsDir}/base.css`)],
      labels,
      category: page.category,
      urls: { index: url('index.html'), feed: url(feedPath) },
      packs: page.category
        ? []
        : packs.map((p) => ({ title: p.title, html_url: p.html && url(p.html), pdf_url: p.pdf && url(p.pdf), pages: p.pages })),
      categories: categoryList.map((c) => ({
        name: c.name,
        count: c.releases.length,
        url: url(categoryPath(c.slug)),
        current: c.slug === page.category?.slug,
      })),
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
    });
    // Bytes that come out the same (a category page after a count elsewhere moved back) keep their file and mtime.
    await writeFileIfChanged(file, html);
  }
  return { outputs: pages.map((p) => p.path), pages: digests };
}

function groupByYear(releases: readonly ListedRelease[]): Array<[string, ListedRelease[]]> {
  const years = new Map<string, ListedRelease[]>();
  for (const release of releases) {
    const year = release.date.slice(0, 4);
    const list = years.get(year);
    if (list) list.push(release);
    else years.set(year, [release]);
  }
  return [...years];
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
