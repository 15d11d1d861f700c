// Which listing pages there are: one per listing up to `listing_entries`
// releases, the newest and a page per year beyond; and the year pages' names
// are taken from releases' slugs.
import { describe, expect, it } from 'vitest';
import { listingPages } from '../../scripts/pipeline/collections/listing-pages.ts';
import { reservedSlugProblem } from '../../scripts/pipeline/core/reserved-paths.ts';
import type { ListedRelease } from '../../scripts/pipeline/core/types.ts';

const release = (slug: string, date: string, category?: string): ListedRelease => ({
  title: `Release ${slug}`,
  date,
  lang: 'en',
  slug,
  ...(category ? { category: { name: category, slug: category.toLowerCase() } } : {}),
});

const releases = [
  release('a', '2022-03-01', 'Travel'),
  release('b', '2023-01-01', 'Travel'),
  release('c', '2023-06-01', 'Notes'),
  release('d', '2024-02-01', 'Travel'),
];

describe('listingPages', () => {
  it('keeps a listing of up to listing_entries releases on one page, newest first, with no year pages', () => {
    const { pages, categories } = listingPages(releases, 4);
    expect(pages.map((p) => p.path)).toEqual(['index.html', 'categories/notes.html', 'categories/travel.html']);
    expect(pages[0]?.releases.map((r) => r.slug)).toEqual(['d', 'c', 'b', 'a']);
    expect(pages.every((p) => p.years.length === 0 && p.latest === undefined)).toBe(true);
    expect(categories).toEqual([
      { name: 'Notes', slug: 'notes', count: 1 },
      { name: 'Travel', slug: 'travel', count: 3 },
    ]);
  });

  it('splits a longer listing into its newest releases and a page per year; counts only on the front page', () => {
    const { pages } = listingPages(releases, 2);
    expect(pages.map((p) => p.path)).toEqual([
      'index.html',
      'archive/2024.html',
      'archive/2023.html',
      'archive/2022.html',
      'categories/notes.html',
      'categories/travel.html',
      'categories/travel/2024.html',
      'categories/travel/2023.html',
      'categories/travel/2022.html',
    ]);
    const [index, y2024, y2023] = pages;
    expect(index?.releases.map((r) => r.slug)).toEqual(['d', 'c']);
    expect(index?.latest).toBe(2);
    expect(index?.years).toEqual([
      { year: '2024', path: 'archive/2024.html', count: 1 },
      { year: '2023', path: 'archive/2023.html', count: 2 },
      { year: '2022', path: 'archive/2022.html', count: 1 },
    ]);
    expect(y2023?.releases.map((r) => r.slug)).toEqual(['c', 'b']);
    expect(y2023?.year).toBe('2023');
    expect(y2024?.years.every((y) => y.count === undefined)).toBe(true);
    const travel2023 = pages.find((p) => p.path === 'categories/travel/2023.html');
    expect(travel2023?.releases.map((r) => r.slug)).toEqual(['b']);
    expect(travel2023?.category).toEqual({ name: 'Travel', slug: 'travel' });
  });

  it('leaves a release out of every page but the ones of its year and the front pages it is newest on', () => {
    const many = Array.from({ length: 30 }, (_, i) => release(`r${i}`, `${2000 + Math.floor(i / 3)}-01-0${(i % 3) + 1}`, 'Travel'));
    const { pages } = listingPages(many, 5);
    const showing = pages.filter((p) => p.releases.some((r) => r.slug === 'r4')).map((p) => p.path);
    expect(showing).toEqual(['archive/2001.html', 'categories/travel/2001.html']);
  });
});

describe('the year pages take their names', () => {
  it('from releases: archive/<year> is reserved, other names under archive/ are not', () => {
    expect(reservedSlugProblem('archive/2023')).toMatch(/name of a generated page/);
    expect(reservedSlugProblem('Archive/2023')).toMatch(/name of a generated page/);
    expect(reservedSlugProblem('archive/2023-05-01-visit')).toBeUndefined();
    expect(reservedSlugProblem('archive')).toBeUndefined();
  });
});
