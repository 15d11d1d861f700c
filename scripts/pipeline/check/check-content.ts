// `npm run check`: the build without the browser or the template engine, fast
// enough for a pre-commit hook. It runs the build's own loading and checking
// code: site config and templates/fonts.yml, front matter, body images and alt
// text, what the sanitizer will drop, duplicate slugs, links between releases,
// and every pack in <content>/packs/ with the releases it selects.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { hasErrors } from '../core/messages.ts';
import { markDuplicateSlugs } from '../load/duplicate-slugs.ts';
import { languageVersions } from '../load/language-versions.ts';
import { findReleases, loadRelease, type Release } from '../load/load-release.ts';
import { checkLinks, type LinkTargets, linkTargets, slugFromPath } from '../markdown/check-links.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { readFontList } from '../render/font-list.ts';
import { loadConfig, type SiteConfig } from '../schema/config.ts';
import { checkPacks } from './check-packs.ts';

export interface CheckOptions {
  readonly contentDir: string;
  readonly templatesDir: string;
  /** Check only these release files (and no packs); links are still checked against every release. */
  readonly files?: readonly string[] | undefined;
}

export interface CheckReport {
  /** The site config and fonts.yml (when they have messages), then each checked release, then each pack. */
  readonly files: readonly VFile[];
  /** The site config or fonts.yml is broken, or a folder or file is missing: nothing could be checked properly. */
  readonly fatal?: string | undefined;
  /** Releases checked. */
  readonly checked: number;
  /** Packs checked. */
  readonly packs: number;
}

export async function checkContent(options: CheckOptions): Promise<CheckReport> {
  const none = { checked: 0, packs: 0 };
  const contentDir = path.resolve(options.contentDir);
  if (!existsSync(contentDir)) return { files: [], fatal: `Content folder not found: ${options.contentDir}`, ...none };
  const { config, file: configFile } = await loadConfig(contentDir);
  const fonts = readFontList(path.resolve(options.templatesDir)).file;
  const setup = [configFile, fonts].filter((f) => f.messages.length > 0);
  if (hasErrors(configFile)) return { files: setup, fatal: 'The site config has errors', ...none };
  if (hasErrors(fonts)) return { files: setup, fatal: 'fonts.yml has errors', ...none };

  const sources = await findReleases(contentDir);
  const selected = options.files ? new Set(options.files.map((f) => path.resolve(f))) : undefined;
  for (const file of selected ?? []) {
    if (!sources.includes(file)) {
      const why = existsSync(file) ? `Not a release inside ${options.contentDir}` : 'No such file';
      return { files: setup, fatal: `${why}: ${path.relative(process.cwd(), file)}`, ...none };
    }
  }
  const loadOptions = { contentDir, templatesDir: path.resolve(options.templatesDir), config };
  const loaded = await Promise.all(sources.map((source) => loadRelease(source, loadOptions)));
  const releases = loaded.flatMap((l) => (l.release ? [l.release] : []));
  markDuplicateSlugs(releases);
  languageVersions(releases, {}, contentDir);

  const pages = loaded.map((l) => l.release ?? { slug: slugFromPath(l.file.path, contentDir) });
  const targets = linkTargets(contentDir, sources, pages);
  const toCheck = loaded.filter((l) => !selected || selected.has(l.file.path));
  for (const { release } of toCheck) if (release) checkBody(release, contentDir, config, targets);
  const packs = selected ? [] : await checkPacks(contentDir, config, loaded);
  return { files: [...setup, ...toCheck.map((l) => l.file), ...packs], checked: toCheck.length, packs: packs.length };
}

function checkBody(release: Release, contentDir: string, config: SiteConfig, targets: LinkTargets): void {
  // Rendering reports missing images, missing alt text and what the sanitizer drops; the HTML is thrown away.
  const outputPath = `${release.slug}.html`;
  renderMarkdown(release.tree, release.file, {
    contentDir,
    outputPath,
    lang: release.lang,
    allowRemoteImages: config.allow_remote_images,
    title: release.title,
  });
  checkLinks(release.tree, release.file, release.slug, targets, 'error');
}
