// One release -> its standalone HTML: Markdown rendered, template applied,
// all URLs relative to where the page is written.
import type { VFile } from 'vfile';
import { formatDateline } from '../core/format-dates.ts';
import { labelsFor } from '../core/labels/index.ts';
import { warn } from '../core/messages.ts';
import { categoryPath } from '../core/output-paths.ts';
import type { LanguageVersion } from '../load/language-versions.ts';
import type { Release } from '../load/load-release.ts';
import type { Asset } from '../markdown/assets.ts';
import { relativeUrl } from '../markdown/assets.ts';
import { checkLinks, type LinkTargets } from '../markdown/check-links.ts';
import { describeImage } from '../markdown/image-plan.ts';
import { type Heading, renderMarkdown } from '../markdown/markdown.ts';
import type { RemoteImage } from '../markdown/remote-images.ts';
import type { SiteConfig } from '../schema/config.ts';
import { fontsDir } from './fonts.ts';
import { organizationIn, releaseExtras } from './release-extras.ts';
import { releaseFontSets } from './release-font-text.ts';
import { releaseHead } from './release-head.ts';
import type { TemplateEngine } from './render-template.ts';

export interface RenderedRelease {
  readonly html: string;
  /** The same page without its Content-Security-Policy meta, for the print pool. */
  readonly print: string;
  readonly headings: readonly Heading[];
  /** Images the page shows; they must be copied to the output folder before printing. */
  readonly assets: readonly Asset[];
  /** Remote images to download into the output folder before printing. */
  readonly remote: readonly RemoteImage[];
  /** Font sets the page links (`base`, `ja`). */
  readonly fontSets: readonly string[];
}

export interface RenderReleaseOptions {
  readonly contentDir: string;
  readonly config: SiteConfig;
  readonly engine: TemplateEngine;
  /** Every page and source of the build: links to a release that is not there are warned about, as `npm run check` does. */
  readonly links?: LinkTargets | undefined;
  /** The build's clock, for the embargo banner; the system clock when absent. */
  readonly now?: Date | undefined;
  /** Language versions by `key`, for the links between them. */
  readonly versions?: ReadonlyMap<string, readonly LanguageVersion[]> | undefined;
}

export async function renderRelease(release: Release, options: RenderReleaseOptions): Promise<RenderedRelease | undefined> {
  const { file } = release;
  const pagePath = `${release.slug}.html`;
  const markdown = renderMarkdown(release.tree, file, {
    contentDir: options.contentDir,
    outputPath: pagePath,
    lang: release.lang,
    allowRemoteImages: options.config.allow_remote_images,
    title: release.title,
    smartQuotes: options.config.smart_quotes,
  });
  if (options.links) checkLinks(release.tree, file, release.slug, options.links, 'warning');
  const fm = release.frontMatter;
  const fontSets = releaseFontSets(release, options.versions, options.config);
  const url = (target: string) => relativeUrl(pagePath, target);
  const labels = labelsFor(release.lang);
  const organization = organizationIn(options.config, release.lang);
  const extras = releaseExtras(release, labels, { ...options, now: options.now ?? new Date(), url });
  const data = {
    site: { ...options.config, organization },
    head: releaseHead(release, options.config.base_url, organization),
    lang: release.lang,
    title: release.title,
    description: fm.summary,
    fonts: fontSets.map((set) => url(`${fontsDir}/${set}.css`)),
    labels,
    content: markdown.html,
    headings: markdown.headings,
    doc: {
      ...fm,
      ...extras,
      title: release.title,
      date: release.date,
      date_display: formatDateline(release.when, release.lang),
      lang: release.lang,
      author: release.author === options.config.organization ? organization : release.author,
      tags: release.tags,
      slug: release.slug,
      category: release.category ? { ...release.category, url: url(categoryPath(release.category.slug)) } : undefined,
      image: release.image ? figureImage(release.image, file, url, { alt: fm.image_alt, caption: fm.caption }) : undefined,
    },
    urls: { index: url('index.html'), pdf: url(`${release.slug}.pdf`), html: url(pagePath) },
    page: {
      size: release.paper === 'letter' ? 'letter' : 'A4',
      running_header: fm.short_title ?? release.title,
    },
  };
  try {
    const { html, print } = await options.engine.renderPage(release.template, data);
    return {
      html,
      print,
      headings: markdown.headings,
      assets: release.image ? [release.image, ...markdown.assets] : markdown.assets,
      remote: markdown.remote,
      fontSets,
    };
  } catch (error) {
    reportTemplateError(file, error);
    return undefined;
  }
}

/** The front matter's photo for the figure partial: URL, screen copies (srcset, sizes), alt text and caption. */
function figureImage(
  image: Asset,
  file: VFile,
  url: (to: string) => string,
  text: { alt?: string | undefined; caption?: string | undefined },
) {
  const img = { properties: { src: url(image.output) } as Record<string, unknown> };
  // Warned at the `image:` line of the front matter.
  const at = String(file.value)
    .split('\n')
    .findIndex((line) => /^image\s*:/.test(line));
  describeImage(img, image.source, image.output, url, (why) => warn(file, why, { line: at + 1, column: 1 }, 'image-resolution'));
  return { url: img.properties.src, srcset: img.properties.srcSet, sizes: img.properties.sizes, ...text };
}

/** A template problem is reported at its place in the template, naming the document being rendered. */
export function reportTemplateError(file: VFile, error: unknown): void {
  const e = error as { templatePath?: string; line?: number; column?: number; message?: string };
  const message = file.message(`Template error: ${e.message ?? String(error)}`, {
    place: { line: e.line ?? 1, column: e.column ?? 1 },
    ruleId: 'template',
    source: 'briefing',
  });
  message.fatal = true;
  if (e.templatePath) message.file = e.templatePath;
}
