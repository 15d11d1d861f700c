// Links between releases: a relative link to another release's `.md` source,
// or to its `.html` or `.pdf` output, must name a release that exists. Links
// with a scheme (https:, mailto:) and in-page anchors are not checked: the
// build fetches nothing from the network. The build and `npm run check` both
// call checkLinks: check reports a broken link as an error (it gates a commit),
// the build as a warning (the release is still published).
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, nearest, warn } from '../core/messages.ts';
import { categoryPath } from '../core/output-paths.ts';

export interface LinkTargets {
  /** Absolute paths of every release source. */
  readonly sources: ReadonlySet<string>;
  /** Every page the build writes, relative to the output folder: `2023-04-04-x.html`, `index.html`. */
  readonly outputs: ReadonlySet<string>;
  readonly contentDir: string;
}

const checked = /\.(md|html|pdf)$/i;

export type LinkSeverity = 'error' | 'warning';

/** A page a release writes: its slug, and its category page if it has one. */
export interface LinkedPage {
  readonly slug: string;
  readonly category?: { readonly slug: string } | undefined;
}

/** What links may point at: every release source, and the pages the build writes for `pages` plus the listing. */
export function linkTargets(contentDir: string, sources: Iterable<string>, pages: Iterable<LinkedPage>): LinkTargets {
  const outputs = new Set(['index.html']);
  for (const page of pages) {
    outputs.add(`${page.slug}.html`);
    if (page.category) outputs.add(categoryPath(page.category.slug));
  }
  return { contentDir, sources: new Set(sources), outputs };
}

/**
 * Link targets for a build, which may load only some releases: those it loaded
 * give their slug, those it kept from the last build (by path under content/)
 * the slug the manifest recorded, and the rest (another shard's) the slug of
 * their path.
 */
export function buildLinkTargets(
  contentDir: string,
  sources: readonly string[],
  loaded: ReadonlyArray<{ readonly file: VFile; readonly release?: LinkedPage | undefined }>,
  kept: Readonly<Record<string, { readonly listing?: LinkedPage | undefined }>>,
): LinkTargets {
  // Made when a link is first checked: most releases link no other, and the sets cover the whole archive.
  let made: LinkTargets | undefined;
  const make = (): LinkTargets => {
    const bySource = new Map<string, LinkedPage>();
    for (const { file, release } of loaded) if (release) bySource.set(file.path, release);
    for (const [relative, record] of Object.entries(kept))
      if (record.listing) bySource.set(path.join(contentDir, relative), record.listing);
    const pages = sources.map((source) => bySource.get(source) ?? { slug: slugFromPath(source, contentDir) });
    made ??= linkTargets(contentDir, sources, pages);
    return made;
  };
  return {
    contentDir,
    get sources() {
      return (made ?? make()).sources;
    },
    get outputs() {
      return (made ?? make()).outputs;
    },
  };
}

/** The slug a release has unless its front matter names another: its path under content/ without `.md`. */
export function slugFromPath(source: string, contentDir: string): string {
  return path.relative(contentDir, source).replace(/\.md$/, '').split(path.sep).join('/');
}

/** Reports each link in `tree` that points at a release that does not exist. `slug` is where this page is written. */
export function checkLinks(tree: Root, file: VFile, slug: string, targets: LinkTargets, severity: LinkSeverity = 'error'): void {
  const report = severity === 'error' ? fail : warn;
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return;
    const url = node.url.trim();
    if (url === '' || url.startsWith('#') || url.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return;
    let target: string;
    try {
      target = decodeURI(url.split(/[?#]/)[0] ?? '');
    } catch {
      return;
    }
    if (!checked.test(target)) return;
    const place = node.position?.start;
    if (/\.md$/i.test(target)) {
      const absolute = target.startsWith('/') ? path.join(targets.contentDir, target) : path.resolve(path.dirname(file.path), target);
      if (targets.sources.has(absolute)) return;
      const known = [...targets.sources]
        .filter((s) => s !== file.path)
        .map((s) => path.relative(path.dirname(file.path), s).split(path.sep).join('/'));
      const guess = nearest(target, known);
      report(
        file,
        `Link to \`${url}\`: no such release (looked for ${path.relative(process.cwd(), absolute)})${guess ? `; did you mean \`${guess}\`?` : ''}`,
        place,
        'broken-link',
      );
      return;
    }
    const resolved = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(slug), target);
    const output = path.posix.normalize(resolved);
    const page = output.replace(/\.pdf$/i, '.html');
    if (targets.outputs.has(page)) return;
    const known = [...targets.outputs].filter((o) => o !== `${slug}.html`).map((o) => path.posix.relative(path.posix.dirname(slug), o));
    const guess = nearest(target.replace(/\.pdf$/i, '.html'), known);
    const hint = guess ? `; did you mean \`${/\.pdf$/i.test(target) ? guess.replace(/\.html$/, '.pdf') : guess}\`?` : '';
    report(file, `Link to \`${url}\`: no release is written there${hint}`, place, 'broken-link');
  });
}
