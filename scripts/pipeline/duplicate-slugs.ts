// Two releases with the same slug would overwrite each other's output files.
// Shared by the build and `npm run check`, which must not load the printer.
import path from 'node:path';
import type { Release } from './load-content.ts';
import { fail } from './messages.ts';

export function markDuplicateSlugs(releases: readonly Release[]): void {
  const bySlug = new Map<string, Release[]>();
  for (const release of releases) bySlug.set(release.slug, [...(bySlug.get(release.slug) ?? []), release]);
  for (const [slug, group] of bySlug) {
    if (group.length < 2) continue;
    for (const release of group) {
      const others = group.filter((r) => r !== release).map((r) => path.relative(process.cwd(), r.file.path));
      const place = release.pointOf('slug') ?? { line: 1, column: 1 };
      fail(release.file, `Duplicate slug \`${slug}\`: ${others.join(', ')} would write the same output files`, place, 'duplicate-slug');
    }
  }
}
