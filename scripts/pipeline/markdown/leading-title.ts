// Authors often paste the release with its title as a `# heading` on top, but
// the template already prints `title:` from the front matter: the page would
// show the title twice. A first `# heading` whose text equals the title is
// dropped, with a warning at its line so the author can delete it.
import type { Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { warn } from '../core/messages.ts';

const squash = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

function plainText(node: RootContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join('');
  return '';
}

/** Removes a leading level-1 heading equal to `title` from `tree` (front matter aside). */
export function dropLeadingTitle(tree: Root, file: VFile, title: string | undefined): void {
  if (title === undefined) return;
  const index = tree.children.findIndex((node) => node.type !== 'yaml');
  const first = tree.children[index];
  if (first?.type !== 'heading' || first.depth !== 1 || squash(plainText(first)) !== squash(title)) return;
  tree.children.splice(index, 1);
  warn(
    file,
    'Found a `# heading` equal to the title: the template prints the title already, so this heading was left out; delete it',
    first.position?.start,
    'duplicate-title',
  );
}
