// Two releases with the same slug would overwrite each other's output files.
// Shared by the build and `npm run check`, which must not load the printer.
import path from 'node:path';
import { fail } from '../core/messages.ts';
import type { Release } from './load-release.ts';

/**
 * Every release whose slug another one also uses fails. `kept` names releases
 * an incremental build did not load this time (by their path under content/),
 * with the slug the manifest recorded for them.
 */
export function markDuplicateSlugs(
  releases: readonly Release[],
  kept: Readonly<Record<string, { readonly listing?: { readonly slug: string } | undefined }>> = {},
): void {
  const bySlug = new Map<string, string[]>();
  const add = (slug: string, name: string) => bySlug.set(slug, [...(bySlug.get(slug) ?? []), name]);
  for (const release of releases) add(release.slug, path.relative(process.cwd(), release.file.path));
  for (const [relative, record] of Object.entries(kept)) if (record.listing) add(record.listing.slug, relative);
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
