// The releases a pack gathers, in print order: those it names, or those its
// `select:` picks. A slug that names no release is an error at the line that
// names it.
import path from 'node:path';
import type { VFile } from 'vfile';
import { fail, hasErrors, nearest, warn } from '../core/messages.ts';
import { slugify } from '../core/slugify.ts';
import type { packSorts } from '../schema/pack-schema.ts';
import { inLanguage } from './language-versions.ts';
import type { Pack } from './load-packs.ts';
import type { Release } from './load-release.ts';

/**
 * The releases a pack gathers, in print order. `releases` holds every release
 * that loaded, with or without errors: naming one that has errors is reported
 * differently from naming one that does not exist.
 */
export function selectReleases(
  pack: Pack,
  releases: ReadonlyArray<{ file: VFile; release?: Release | undefined }>,
  /** Whether a release is under embargo now; those are left out unless the pack has `include_embargoed: true`. */
  embargoed: (release: Release) => boolean = () => false,
): Release[] {
  const { file, definition } = pack;
  const loaded = releases.flatMap(({ release, file: f }) => (release && !hasErrors(f) ? [release] : []));
  const held = definition.include_embargoed ? [] : loaded.filter(embargoed);
  const usable = inLanguage(
    loaded.filter((r) => !held.includes(r)),
    definition.lang,
  );
  const bySlug = new Map(usable.map((r) => [r.slug, r]));
  if (definition.releases) {
    const chosen: Release[] = [];
    const seen = new Set<string>();
    definition.releases.forEach((slug, index) => {
      const place = pack.pointOf(['releases', index]);
      const key = slug.replace(/\.md$/, '');
      const release = bySlug.get(key) ?? loaded.find((r) => r.slug === key && !held.includes(r));
      const waiting = held.find((r) => r.slug === key);
      if (!release && waiting) {
        warn(
          file,
          `Release \`${key}\` is under embargo; it is left out until the embargo lifts (or set \`include_embargoed: true\`)`,
          place,
          'pack-embargoed',
        );
        return;
      }
      if (!release) {
        const broken = releases.find(({ file: f }) => f.path.endsWith(`${key}.md`));
        const guess = nearest(key, [...bySlug.keys()]);
        const hint = broken
          ? `: ${path.relative(process.cwd(), broken.file.path)} has errors`
          : guess
            ? `; did you mean \`${guess}\`?`
            : '; expected the slug of a release in the content folder (its file name without .md)';
        fail(file, `No release \`${key}\`${hint}`, place, 'pack-unknown-release');
        return;
      }
      if (seen.has(key)) {
        warn(file, `Release \`${key}\` is listed twice; it is printed once`, place, 'pack-duplicate-release');
        return;
      }
      seen.add(key);
      chosen.push(release);
    });
    return chosen;
  }
  const select = definition.select ?? { sort: 'date' as const };
  const wanted = {
    category: select.category ? slugify(select.category) : undefined,
    tag: select.tag?.toLowerCase(),
  };
  if (wanted.category && !usable.some((r) => r.category?.slug === wanted.category)) {
    const names = [...new Set(usable.flatMap((r) => (r.category ? [r.category.name] : [])))];
    const guess = nearest(select.category ?? '', names);
    fail(
      file,
      `No release has the category \`${select.category}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
      pack.pointOf(['select', 'category']),
      'pack-unknown-category',
    );
    return [];
  }
  const chosen = usable.filter(
    (r) =>
      (!wanted.category || r.category?.slug === wanted.category) &&
      (!wanted.tag || r.tags.some((t) => t.toLowerCase() === wanted.tag)) &&
      (!select.from || r.date >= select.from) &&
      (!select.to || r.date <= select.to),
  );
  if (chosen.length === 0) fail(file, 'The selection matches no release', pack.pointOf(['select']), 'pack-empty');
  const compare: Record<(typeof packSorts)[number], (a: Release, b: Release) => number> = {
    date: (a, b) => a.date.localeCompare(b.date) || a.slug.localeCompare(b.slug),
    'date-descending': (a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug),
    title: (a, b) => a.title.localeCompare(b.title, pack.lang),
  };
  return chosen.sort(compare[select.sort]);
}
