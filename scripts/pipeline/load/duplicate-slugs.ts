// Two releases with the same slug would overwrite each other's output files;
// two category names with one file name (`Security & Defence`, `Security /
// Defence`) would share one category page under one of the two names.
// Shared by the build and `npm run check`, which must not load the printer.
import path from 'node:path';
import { fail } from '../core/messages.ts';
import { categoryPath } from '../core/output-paths.ts';
import type { Release } from './load-release.ts';

interface KeptListing {
  readonly slug: string;
  readonly category?: { readonly name: string; readonly slug: string } | undefined;
}

/** Every release whose category name differs from another name with the same file fails at its `category:` line. */
function markCategoryCollisions(
  releases: readonly Release[],
  kept: Readonly<Record<string, { readonly listing?: KeptListing | undefined }>>,
): void {
  // Only the loaded releases are checked: a kept record matters when it shares a category's slug with one.
  const checked = new Set(releases.flatMap((release) => (release.category ? [release.category.slug] : [])));
  const names = new Map<string, Map<string, string>>();
  const add = (slug: string, name: string, where: string) => {
    if (!checked.has(slug)) return;
    const group = names.get(slug) ?? new Map<string, string>();
    if (!group.has(name)) group.set(name, where);
    names.set(slug, group);
  };
  for (const release of releases) {
    if (release.category) add(release.category.slug, release.category.name, path.relative(process.cwd(), release.file.path));
  }
  // for-in, not Object.entries: no pair made for each of 10,000 kept records, as in markDuplicateSlugs and languageVersions.
  for (const relative in kept) {
    const category = kept[relative]?.listing?.category;
    if (category) add(category.slug, category.name, relative);
  }
  for (const release of releases) {
    const category = release.category;
    const group = category ? names.get(category.slug) : undefined;
    if (!category || !group || group.size < 2) continue;
    const others = [...group].filter(([name]) => name !== category.name).map(([name, where]) => `\`${name}\` (${where})`);
    fail(
      release.file,
      `Category \`${category.name}\` would share ${categoryPath(category.slug)} with ${others.join(', ')}: write the category the same way in every release`,
      release.pointOf('category') ?? { line: 1, column: 1 },
      'duplicate-category',
    );
  }
}

/**
 * Every release whose slug another one also uses fails. `kept` names releases
 * an incremental build did not load this time (by their path under content/),
 * with the slug the manifest recorded for them.
 */
export function markDuplicateSlugs(
  releases: readonly Release[],
  kept: Readonly<Record<string, { readonly listing?: KeptListing | undefined }>> = {},
): void {
  markCategoryCollisions(releases, kept);
  // Only the loaded releases are checked: a kept record matters when it has one's slug (10,000 records, one edit).
  const checked = new Set(releases.map((release) => release.slug));
  const bySlug = new Map<string, string[]>();
  const add = (slug: string, name: string) => {
    if (checked.has(slug)) bySlug.set(slug, [...(bySlug.get(slug) ?? []), name]);
  };
  for (const release of releases) add(release.slug, path.relative(process.cwd(), release.file.path));
  for (const relative in kept) {
    const listing = kept[relative]?.listing;
    if (listing) add(listing.slug, relative);
  }
  for (const release of releases) {
    const group = bySlug.get(release.slug) ?? [];
    if (group.length < 2) continue;
    const self = path.relative(process.cwd(), release.file.path);
    const others = group.filter((name) => name !== self);
    const place = release.pointOf('slug') ?? { line: 1, column: 1 };
    fail(
      release.file,
      `Duplicate slug \`${release.slug}\`: ${others.join(', ')} would write the same output files`,
      place,
      'duplicate-slug',
    );
  }
}
