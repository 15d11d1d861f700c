// The pages that list releases: <out>/index.html (all, newest first, grouped by
// year) and <out>/categories/<slug>.html (one per category).
import path from 'node:path';
import { formatDateline } from '../core/dates.ts';
import { labelsFor } from '../core/labels/index.ts';
import { categoryPath, feedPath } from '../core/output-paths.ts';
import { isReleaseType } from '../core/release-types.ts';
import type { ListedRelease } from '../core/types.ts';
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
}

export interface ListedPack {
  readonly title: string;
  /** Output paths, relative to the output folder. */
  readonly html?: string | undefined;
  readonly pdf?: string | undefined;
  readonly pages?: number | undefined;
}

/** Writes the index and category pages; returns the paths written, relative to the output folder. */
export async function writeListing(releases: readonly ListedRelease[], options: WriteListingOptions): Promise<string[]> {
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
  for (const page of pages) {
    const url = (target: string) => relativeUrl(page.path, target);
    const html = await options.engine.render(page.category ? 'category' : 'index', {
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
        : [...(options.packs ?? [])]
            .sort((a, b) => a.title.localeCompare(b.title))
            .map((p) => ({ title: p.title, html_url: p.html && url(p.html), pdf_url: p.pdf && url(p.pdf), pages: p.pages })),
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
          date_display: formatDateline(r.date, r.lang),
          type_label: isReleaseType(r.type) && r.type !== 'press-release' ? labelsFor(r.lang).types[r.type] : undefined,
          html_url: url(`${r.slug}.html`),
          pdf_url: url(`${r.slug}.pdf`),
          pdf_size: r.pdf ? formatBytes(r.pdf.bytes) : undefined,
          category: r.category ? { name: r.category.name, url: url(categoryPath(r.category.slug)) } : undefined,
        })),
      })),
    });
    // Pages a change does not affect (other categories) keep their files and mtimes.
    await writeFileIfChanged(path.join(options.outDir, page.path), html);
  }
  return pages.map((p) => p.path);
}

function groupByYear(releases: readonly ListedRelease[]): Array<[string, ListedRelease[]]> {
  const years = new Map<string, ListedRelease[]>();
  for (const release of releases) {
    const year = release.date.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), release]);
  }
  return [...years];
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
