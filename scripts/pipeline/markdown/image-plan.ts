// What the build makes of a raster image, decided when the page is rendered:
// one print copy no larger than 300 dpi at the largest size it can print at,
// and a few narrower copies for screens (`srcset`). A camera's 6000 x 4000 JPEG
// would otherwise go into the PDF and onto the web at 23 MB. The sizes here
// follow templates/css: on paper an image is at most the 155 mm measure wide
// and 110 mm high (release.css), at its natural size (96 px to the inch) if smaller.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { imageSize } from 'image-size';
import type { VFile } from 'vfile';
import { warn } from '../core/messages.ts';

const mmPerInch = 25.4;
/** The largest printed box, in mm (release.css `@media print` img rules). */
export const printBox = { width: 155, height: 110 } as const;
/** The resolution a print copy is reduced to. */
export const printDpi = 300;
/** Below this, at the size it prints, an image looks soft on paper: a warning. */
export const minimumDpi = 150;
/** Widths of the screen copies, in px, where the image is wider. */
export const webWidths = [480, 960, 1600] as const;
/** How wide the image shows on screen: the text column (base.css --measure, 38rem of 17px), or the whole narrow screen. */
export const webSizes = '(min-width: 40rem) 646px, 100vw';

/** Raster types the build re-encodes; GIF (maybe animated), SVG and AVIF are copied as they are. */
const derived = new Set(['.jpg', '.jpeg', '.png', '.webp']);

export interface ImageCopy {
  /** Path inside the output folder. */
  readonly output: string;
  readonly width: number;
  readonly height: number;
}

export interface ImagePlan {
  readonly print: ImageCopy;
  readonly web: readonly ImageCopy[];
  /** Resolution of the print copy at the size it prints. */
  readonly dpi: number;
}

/** Reads the size of a raster image (EXIF rotation applied) and plans its copies; undefined for other types or unreadable files. */
export function planImage(source: string, output: string): ImagePlan | undefined {
  if (!derived.has(path.extname(source).toLowerCase())) return undefined;
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(readFileSync(source));
  } catch {
    return undefined;
  }
  // EXIF orientations 5-8 turn the picture a quarter: its width is the file's height.
  const turned = (size.orientation ?? 1) >= 5;
  return planFor(turned ? size.height : size.width, turned ? size.width : size.height, output);
}

/** The copies of a `width` x `height` image written at `output` (exported for tests). */
export function planFor(width: number, height: number, output: string): ImagePlan {
  const cssPx = (mm: number) => (mm / mmPerInch) * 96;
  // Printed at natural size (96 px to the inch) unless that exceeds the box.
  const printScale = Math.min(1, cssPx(printBox.width) / width, cssPx(printBox.height) / height);
  const printedInches = (width * printScale) / 96;
  const maxPrint = Math.min(1, (printedInches * printDpi) / width);
  const print = { output, width: Math.round(width * maxPrint), height: Math.round(height * maxPrint) };
  const ext = path.posix.extname(output);
  const stem = output.slice(0, output.length - ext.length);
  const web = webWidths
    .filter((w) => w < print.width)
    .map((w) => ({ output: `${stem}-${w}w${ext}`, width: w, height: Math.round((height * w) / width) }));
  return { print, web, dpi: Math.round(print.width / printedInches) };
}

/** The `srcset` value for a plan, with URLs made by `url` (relative to the page). */
export function srcsetFor(plan: ImagePlan, url: (output: string) => string): string {
  return [...plan.web, plan.print].map((copy) => `${url(copy.output)} ${copy.width}w`).join(', ');
}

/**
 * The page as the printer gets it: without `srcset`/`sizes`, so Chromium prints
 * the 300 dpi copy in `src`, not a screen copy picked for its viewport. Only the
 * build writes these attributes (markdown.ts removes authors' before sanitizing).
 */
export function printableHtml(html: string): string {
  return html.replace(/<img\b[^>]*>/g, (tag) => tag.replace(/\s(?:srcset|sizes)="[^"]*"/g, ''));
}

/**
 * Gives a resolved `<img>` its screen copies (`srcset`, `sizes`) and warns when
 * the image is too small to print sharply. `node` is the hast element, `url`
 * makes a page-relative URL.
 */
export function describeImage(
  node: { properties: Record<string, unknown> },
  source: string,
  output: string,
  url: (output: string) => string,
  tooSmall: (message: string) => void,
): void {
  const plan = planImage(source, output);
  if (!plan) return;
  if (plan.web.length > 0) {
    node.properties.srcSet = srcsetFor(plan, url);
    node.properties.sizes = webSizes;
  }
  if (plan.dpi < minimumDpi) {
    tooSmall(
      `Found an image of ${plan.print.width} x ${plan.print.height} px: it prints at ${plan.dpi} dpi, expected at least ${minimumDpi} (about ${Math.ceil((printBox.width / mmPerInch) * minimumDpi)} px wide for the full measure); it will look soft on paper`,
    );
  }
}

/** An author's `srcset` could load images past the resolver: removed, with a warning, before the build adds its own. */
export function dropAuthorSrcset(node: Element, file: VFile): void {
  if (node.properties.srcSet === undefined && node.properties.sizes === undefined) return;
  node.properties.srcSet = undefined;
  node.properties.sizes = undefined;
  warn(file, 'Removed `srcset`/`sizes`: the build makes the screen sizes of each image itself', node.position?.start, 'unsafe-html');
}
