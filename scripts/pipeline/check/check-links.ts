// Links between releases: a relative link to another release's `.md` source,
// or to its `.html` or `.pdf` output, must name a release that exists. Links
// with a scheme (https:, mailto:) and in-page anchors are not checked: the
// build fetches nothing from the network.
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, nearest } from '../core/messages.ts';

export interface LinkTargets {
  /** Absolute paths of every release source. */
  readonly sources: ReadonlySet<string>;
  /** Every page the build writes, relative to the output folder: `2023-04-04-x.html`, `index.html`. */
  readonly outputs: ReadonlySet<string>;
  readonly contentDir: string;
}

const checked = /\.(md|html|pdf)$/i;

/** Reports each link in `tree` that points at a release that does not exist. `slug` is where this page is written. */
export function checkLinks(tree: Root, file: VFile, slug: string, targets: LinkTargets): void {
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
      fail(
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
    fail(file, `Link to \`${url}\`: no release is written there${hint}`, place, 'broken-link');
  });
}
