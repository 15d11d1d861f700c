// Output names a release or pack may not take, because another output lives
// there (core/output-paths.ts): a release with `slug: index` would silently
// overwrite the listing. One list, used wherever a slug is chosen.
import { archiveFolder, feedPath, indexPath } from './output-paths.ts';

/** Whole names (without extension) that are taken. */
const reservedNames = new Set([indexPath.replace(/\.html$/, ''), feedPath.replace(/\.xml$/, '')]);
/** Folders that belong to generated outputs. */
const reservedFolders = ['categories/', 'packs/', 'assets/'];
/** The index's year pages (archive/2023): only those names, so a content folder `archive/` of releases stays usable. */
const yearPage = new RegExp(`^${archiveFolder}/\\d+$`);

/** Why `slug` cannot be used, or undefined when it is free. */
export function reservedSlugProblem(slug: string): string | undefined {
  const normal = slug.replace(/^\/+/, '').toLowerCase();
  if (reservedNames.has(normal) || yearPage.test(normal)) return `\`${slug}\` is the name of a generated page, expected another slug`;
  const folder = reservedFolders.find((prefix) => normal.startsWith(prefix) || normal === prefix.slice(0, -1));
  if (folder) return `\`${slug}\` is under \`${folder}\`, where generated pages go: expected another slug`;
  return undefined;
}
