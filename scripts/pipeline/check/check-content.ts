// `npm run check`: everything the build would report about the content, without
// a browser or the template engine, so it is fast enough for a pre-commit hook.
// Front matter and site config, body images and alt text, what the sanitizer
// will drop, duplicate slugs, and links between releases.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { hasErrors } from '../core/messages.ts';
import { categoryPath } from '../core/output-paths.ts';
import { markDuplicateSlugs } from '../load/duplicate-slugs.ts';
import { findReleases, loadRelease, type Release } from '../load/load-release.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { loadConfig } from '../schema/config.ts';
import { checkLinks } from './check-links.ts';

export interface CheckOptions {
  readonly contentDir: string;
  readonly templatesDir: string;
  /** Check only these release files; links are still checked against every release. */
  readonly files?: readonly string[] | undefined;
}

export interface CheckReport {
  /** The site config (when it has messages), then each checked release. */
  readonly files: readonly VFile[];
  /** The site config is broken or a folder or file is missing: nothing could be checked properly. */
  readonly fatal?: string | undefined;
  readonly checked: number;
}

export async function checkContent(options: CheckOptions): Promise<CheckReport> {
  const contentDir = path.resolve(options.contentDir);
  if (!existsSync(contentDir)) return { files: [], fatal: `Content folder not found: ${options.contentDir}`, checked: 0 };
  const { config, file: configFile } = await loadConfig(contentDir);
  const configFiles = configFile.messages.length > 0 ? [configFile] : [];
  if (hasErrors(configFile)) return { files: configFiles, fatal: 'The site config has errors', checked: 0 };

  const sources = await findReleases(contentDir);
  const selected = options.files ? new Set(options.files.map((f) => path.resolve(f))) : undefined;
  for (const file of selected ?? []) {
    if (!sources.includes(file)) {
      const why = existsSync(file) ? `Not a release inside ${options.contentDir}` : 'No such file';
      return { files: configFiles, fatal: `${why}: ${path.relative(process.cwd(), file)}`, checked: 0 };
    }
  }
  const loadOptions = { contentDir, templatesDir: path.resolve(options.templatesDir), config };
  const loaded = await Promise.all(sources.map((source) => loadRelease(source, loadOptions)));
  const releases = loaded.flatMap((l) => (l.release ? [l.release] : []));
  markDuplicateSlugs(releases);

  const targets = {
    contentDir,
    sources: new Set(sources),
    outputs: new Set([
      'index.html',
      ...loaded.map((l) => `${l.release?.slug ?? pathSlug(l.file.path, contentDir)}.html`),
      ...releases.flatMap((r) => (r.category ? [categoryPath(r.category.slug)] : [])),
    ]),
  };
  const toCheck = loaded.filter((l) => !selected || selected.has(l.file.path));
  for (const { release } of toCheck) if (release) checkBody(release, contentDir, targets);
  return { files: [...configFiles, ...toCheck.map((l) => l.file)], checked: toCheck.length };
}

function checkBody(release: Release, contentDir: string, targets: Parameters<typeof checkLinks>[3]): void {
  // Rendering reports missing images, missing alt text and what the sanitizer drops; the HTML is thrown away.
  renderMarkdown(release.tree, release.file, { contentDir, outputPath: `${release.slug}.html`, lang: release.lang, title: release.title });
  checkLinks(release.tree, release.file, release.slug, targets);
}

function pathSlug(file: string, contentDir: string): string {
  return path.relative(contentDir, file).replace(/\.md$/, '').split(path.sep).join('/');
}
