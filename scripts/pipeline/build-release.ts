// One loaded release through the stages: render, copy and fetch its images,
// then print, finish and write it (publish/publish-document.ts, shared with the
// packs). The orchestrator loads this module only when there is work to do.
import path from 'node:path';
import { releaseDate } from './core/dates.ts';
import { fail, hasErrors } from './core/messages.ts';
import type { Format } from './core/types.ts';
import type { Release } from './load/load-release.ts';
import type { LinkTargets } from './markdown/check-links.ts';
import type { RemoteImages } from './markdown/remote-images.ts';
import type { PrintPool } from './print/print-pdf.ts';
import { type PublishedFile, publishDocument } from './publish/publish-document.ts';
import type { FontSet } from './render/fonts.ts';
import { renderRelease } from './render/render-release.ts';
import type { TemplateEngine } from './render/render-template.ts';
import type { SiteConfig } from './schema/config.ts';
import { copyFileAtomic } from './write/write-output.ts';

export interface ReleaseContext {
  readonly contentDir: string;
  readonly outDir: string;
  readonly engine: TemplateEngine;
  readonly pool: PrintPool | undefined;
  readonly formats: ReadonlySet<Format>;
  readonly config: SiteConfig;
  readonly remote: RemoteImages;
  readonly fontSets: ReadonlyMap<string, FontSet>;
  /** Every page a release may link to, for the broken-link warnings. */
  readonly links: LinkTargets;
}

export interface ReleaseOutcome {
  readonly outputs: PublishedFile[];
  readonly assets: ReadonlyArray<{ readonly source: string; readonly output: string }>;
  readonly fontSets: readonly string[];
}

export async function buildRelease(release: Release, context: ReleaseContext): Promise<ReleaseOutcome | undefined> {
  const { file } = release;
  const rendered = await renderRelease(release, context);
  if (!rendered || hasErrors(file)) return undefined;
  for (const asset of rendered.assets) await copyFileAtomic(asset.source, path.join(context.outDir, asset.output));
  for (const image of rendered.remote) {
    const problem = await context.remote.fetch(image);
    if (problem) fail(file, problem, image.place, 'remote-image');
  }
  if (hasErrors(file)) return undefined;

  const outputs = await publishDocument(
    {
      file,
      html: rendered.html,
      printHtml: rendered.print,
      pagePath: `${release.slug}.html`,
      metadata: {
        title: release.title,
        author: release.author,
        subject: release.frontMatter.summary,
        keywords: [...release.tags, ...(release.category ? [release.category.name] : [])],
        lang: release.lang,
        date: releaseDate(release.date),
      },
      headings: [release.title, ...rendered.headings.map((h) => h.text)],
    },
    { outDir: context.outDir, formats: context.formats, pool: context.pool, baseUrl: context.config.base_url, fontSets: context.fontSets },
  );
  return outputs && { outputs, assets: rendered.assets, fontSets: rendered.fontSets };
}
