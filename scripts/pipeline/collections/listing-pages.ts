// Which pages list the releases, and which releases each one shows. A listing
// (the whole archive on index.html, or one category) of up to
// `listing_entries` releases is one page. A longer one shows its newest
// releases and links to a page per year (archive/2023.html,
// categories/<slug>/2023.html): at 10,000 releases the one-page index was a
// 5.5 MB page that an edit of any release's listed facts (its PDF's size)
// rendered again with its category's page, 5.5-5.9 s of CPU (more than
// printing the release), and too long for a reader. Now such an edit rewrites
// the year pages that show the release: 0.3-0.55 s at 10,000.
import { archivePath, categoryPath, categoryYearPath, indexPath } from '../core/output-paths.ts';
import type { ListedRelease } from '../core/types.ts';

export interface ListedCategory {
  readonly name: string;
  readonly slug: string;
}

export interface YearLink {
  readonly year: string;
  /** The year page, relative to the output folder. */
  readonly path: string;
  /** Its number of releases: on the front page only, so that a new release does not rewrite every year page. */
  readonly count?: number | undefined;
}

export interface ListingPage {
  /** Relative to the output folder. */
  readonly path: string;
  /** The releases it shows, newest first. */
  readonly releases: readonly ListedRelease[];
  /** Set on a category's pages. */
  readonly category?: ListedCategory | undefined;
  /** Set on a year page. */
  readonly year?: string | undefined;
  /** The listing's year pages, newest first; empty when the listing is one page. */
  readonly years: readonly YearLink[];
  /** On a front page that shows only the newest releases: how many it shows. */
  readonly latest?: number | undefined;
}

export interface CategoryCount extends ListedCategory {
  readonly count: number;
}

/** Every listing page, and the categories (by name) with their counts for the pages' category links. */
export function listingPages(releases: readonly ListedRelease[], entries: number): { pages: ListingPage[]; categories: CategoryCount[] } {
  const sorted = [...releases].sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
  const byCategory = new Map<string, { category: ListedCategory; releases: ListedRelease[] }>();
  for (const release of sorted) {
    if (!release.category) continue;
    const entry = byCategory.get(release.category.slug) ?? { category: release.category, releases: [] };
    entry.releases.push(release);
    byCategory.set(release.category.slug, entry);
  }
  const categories = [...byCategory.values()].sort((a, b) => a.category.name.localeCompare(b.category.name));
  const pages = [
    ...splitListing(sorted, entries, indexPath, archivePath, undefined),
    ...categories.flatMap(({ category, releases: listed }) =>
      splitListing(listed, entries, categoryPath(category.slug), (year) => categoryYearPath(category.slug, year), {
        name: category.name,
        slug: category.slug,
      }),
    ),
  ];
  return { pages, categories: categories.map(({ category, releases: listed }) => ({ ...category, count: listed.length })) };
}

/** One page for a short listing; for a long one, the newest `entries` and a page per year. */
function splitListing(
  releases: readonly ListedRelease[],
  entries: number,
  front: string,
  yearPath: (year: string) => string,
  category: ListedCategory | undefined,
): ListingPage[] {
  if (releases.length <= entries) return [{ path: front, releases, category, years: [] }];
  const groups = groupByYear(releases);
  const links = groups.map(([year, listed]) => ({ year, path: yearPath(year), count: listed.length }));
  const uncounted = links.map(({ year, path }) => ({ year, path }));
  return [
    { path: front, releases: releases.slice(0, entries), category, years: links, latest: entries },
    ...groups.map(([year, listed]) => ({ path: yearPath(year), releases: listed, category, year, years: uncounted })),
  ];
}

/** Releases (newest first) grouped by the year of their date, newest year first. */
export function groupByYear(releases: readonly ListedRelease[]): Array<[string, ListedRelease[]]> {
  const years = new Map<string, ListedRelease[]>();
  for (const release of releases) {
    const year = release.date.slice(0, 4);
    const list = years.get(year);
    if (list) list.push(release);
    else years.set(year, [release]);
  }
  return [...years];
}
