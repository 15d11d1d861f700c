// One loaded release through the stages: render, copy and fetch its images,
// then print, finish and write it (publish/publish-document.ts, shared with the
// packs). The orchestrator loads this module only when there is work to do.
import type { RenderedPage } from './build-options.ts';
import { failOnException } from './core/caught-error.ts';
import { releaseDate } from './core/dates.ts';
import { fail, hasErrors } from './core/messages.ts';
import type { Format } from './core/types.ts';
import type { LanguageVersion } from './load/language-versions.ts';
import type { Release } from './load/load-release.ts';
import type { LinkTargets } from './markdown/check-links.ts';
import { writeImageAssets } from './markdown/derive-images.ts';
import type { RemoteImages } from './markdown/remote-images.ts';
import type { PrintPool } from './print/print-pdf.ts';
import { type PublishedFile, publishDocument } from './publish/publish-document.ts';
import type { FontSet } from './render/fonts.ts';
import { releaseFontSets } from './render/release-font-text.ts';
import { renderRelease } from './render/render-release.ts';
import type { TemplateEngine } from './render/render-template.ts';
import { checkScriptCoverage } from './render/script-coverage.ts';
import type { SiteConfig } from './schema/config.ts';

export interface ReleaseContext {
  readonly contentDir: string;
  readonly outDir: string;
  readonly engine: TemplateEngine;
  /**
   * The print pool (undefined without PDFs) once Chromium has started and the
   * font files are written: a release is rendered meanwhile, and prints and
   * writes nothing before (write-fonts.ts).
   */
  readonly ready: Promise<PrintPool | undefined>;
  readonly formats: ReadonlySet<Format>;
  readonly config: SiteConfig;
  readonly remote: RemoteImages;
  readonly fontSets: ReadonlyMap<string, FontSet>;
  /** Every page a release may link to, for the broken-link warnings. */
  readonly links: LinkTargets;
  /** The build's clock: before a release's embargo its page and PDF carry the banner. */
  readonly now: Date;
  /** Language versions by `key` (load/language-versions.ts). */
  readonly versions: ReadonlyMap<string, readonly LanguageVersion[]>;
  /** Told of each page before it is printed (BuildOptions.onPageRendered). */
  readonly onPageRendered?: ((page: RenderedPage) => void) | undefined;
}

export interface ReleaseOutcome {
  readonly outputs: PublishedFile[];
  readonly assets: ReadonlyArray<{ readonly source: string; readonly output: string }>;
  readonly fontSets: readonly string[];
}

export async function buildRelease(release: Release, context: ReleaseContext): Promise<ReleaseOutcome | undefined> {
  const { file } = release;
  if (!checkScriptCoverage(file, context.fontSets, releaseFontSets(release, context.versions, context.config))) return undefined;
  let rendered: Awaited<ReturnType<typeof renderRelease>>;
  try {
    rendered = await renderRelease(release, context);
  } catch (error) {
    // Stack overflows on hostile nesting, plugin bugs: this release fails alone.
    failOnException(file, 'render', error, release.pointOf('title'));
    return undefined;
  }
  if (!rendered || hasErrors(file)) return undefined;
  const pool = await context.ready;
  // Raster images at print size and a few web widths (markdown/derive-images.ts); others copied as they are.
  await writeImageAssets(rendered.assets, context.outDir);
  for (const image of rendered.remote) {
    const problem = await context.remote.fetch(image);
    if (problem) fail(file, problem, image.place, 'remote-image');
  }
  if (hasErrors(file)) return undefined;
  const pagePath = `${release.slug}.html`;
  if (context.formats.has('html')) context.onPageRendered?.({ pagePath, html: rendered.html });

  const outputs = await publishDocument(
    {
      file,
      html: rendered.html,
      printHtml: rendered.print,
      pagePath,
      place: release.pointOf('title'),
      metadata: {
        title: release.title,
        author: release.author,
        subject: release.frontMatter.summary,
        keywords: [...release.tags, ...(release.category ? [release.category.name] : [])],
        lang: release.lang,
        date: releaseDate(release.when),
        ...(release.updated ? { modified: releaseDate(release.updated) } : {}),
      },
      headings: [release.title, ...rendered.headings.map((h) => h.text)],
    },
    { outDir: context.outDir, formats: context.formats, pool, baseUrl: context.config.base_url, fontSets: context.fontSets },
  );
  return outputs && { outputs, assets: rendered.assets, fontSets: rendered.fontSets };
}
