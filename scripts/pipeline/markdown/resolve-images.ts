// The page's images, resolved on the HTML tree (markdown.ts calls it).
import type { Element, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, warn } from '../core/messages.ts';
import { type Asset, relativeUrl, resolveImage } from './assets.ts';
import { describeImage, dropAuthorSrcset } from './image-plan.ts';
import { type RemoteImage, remoteImage } from './remote-images.ts';
import { isDataImage } from './report-unsafe-html.ts';

export interface ImageOptions {
  /** The content folder: images must resolve inside it. */
  readonly contentDir: string;
  /** Where the page will be written, relative to the output folder (for asset URLs). */
  readonly outputPath: string;
  /** `allow_remote_images` from the site config (default false: remote images are removed). */
  readonly allowRemoteImages?: boolean | undefined;
}

/** What the page's images need copied or fetched. */
export interface FoundImages {
  assets: Asset[];
  /** Remote images to download before printing (only when allowed). */
  remote: RemoteImage[];
}

/**
 * Each <img> of the page: a local image is checked to be in the content folder
 * and pointed at its copy in the output folder (with its size and srcset), a
 * remote one is removed unless the site allows them, and an image that cannot
 * be shown becomes its alt text.
 */
export function resolveImages(tree: HastRoot, file: VFile, options: ImageOptions, collected: FoundImages): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'img') return;
    const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : '';
    const place = node.position?.start;
    dropAuthorSrcset(node, file);
    if (typeof node.properties.alt !== 'string' || node.properties.alt.trim() === '') {
      warn(file, 'Image has no alt text: describe it for readers who cannot see it', place, 'image-alt');
    }
    if (src === '') {
      fail(file, 'Image has no source', place, 'image-missing');
    } else if (/^data:/i.test(src)) {
      if (isDataImage(src)) return;
      warn(file, 'Removed `src` with a `data:` URL that is not a PNG, JPEG, GIF, WebP or AVIF image', place, 'unsafe-html');
    } else if (/^https?:/i.test(src) && options.allowRemoteImages) {
      const remote = remoteImage(src, place);
      collected.remote.push(remote);
      node.properties.src = relativeUrl(options.outputPath, remote.output);
      return;
    } else if (/^https?:/i.test(src)) {
      warn(
        file,
        `Removed remote image \`${src}\`: the build fetches nothing from the network; save the image next to the release (or set allow_remote_images: true in site.yml)`,
        place,
        'remote-image',
      );
    } else {
      const resolved = resolveImage(src, file.path, options.contentDir);
      if (resolved.ok) {
        collected.assets.push(resolved.asset);
        node.properties.src = relativeUrl(options.outputPath, resolved.asset.output);
        const { source, output } = resolved.asset;
        describeImage(
          node,
          source,
          output,
          (to) => relativeUrl(options.outputPath, to),
          (why) => warn(file, why, place, 'image-resolution'),
        );
        return;
      }
      fail(file, resolved.reason, place, 'image-missing');
    }
    // An image we cannot show is replaced by its alt text, so no content is lost.
    if (parent && typeof index === 'number') {
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
      parent.children.splice(index, 1, { type: 'text', value: alt });
      return index;
    }
    return undefined;
  });
}
