// Every pack in content/packs/: load, select its releases, render, then print
// in passes until the contents' page numbers are the pages the releases start
// on; the last print is finished and written like a release's
// (publish/publish-document.ts), as packs/<name>.{html,pdf}.
//
// Chrome has no target-counter() and ignores `break-before: right`, so:
// pass 1 prints without numbers; the PDF's named destinations (Chrome makes
// one for each id a link points to: the contents link every release title)
// say on which page each title stands; blank pages go where a duplex pack
// would start a release on a left-hand page; pass 2 prints the numbers. The
// pages are read back again, and a third pass runs if anything moved.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { releaseDate } from '../core/dates.ts';
import { labelsFor } from '../core/labels/index.ts';
import { hasErrors, warn } from '../core/messages.ts';
import type { DocumentResult, Format } from '../core/types.ts';
import { type BuildFonts, writePageFonts } from '../fonts/write-font-sets.ts';
import { allExist, toPosix } from '../incremental/manifest.ts';
import type { DocumentRecord, PackRecord } from '../incremental/manifest-types.ts';
import { findPacks, loadPack, type Pack } from '../load/load-packs.ts';
import type { Release } from '../load/load-release.ts';
import { selectReleases } from '../load/select-pack-releases.ts';
import { writeImageAssets } from '../markdown/derive-images.ts';
import { PrintPool } from '../print/print-pdf.ts';
import { type PublishedFile, publishDocument } from '../publish/publish-document.ts';
import { type PackLayout, preparePack, renderPack } from '../render/render-pack.ts';
import { reportTemplateError } from '../render/render-release.ts';
import type { TemplateEngine } from '../render/render-template.ts';
import type { SiteConfig } from '../schema/config.ts';
import { changedDocuments, packKey, unchangedPack } from './pack-changes.ts';
import { destinationPages, planLayout, sameLayout, settled } from './pack-page-numbers.ts';
import { type LoadedRelease, PackReleases } from './pack-releases.ts';

export interface BuildPacksOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly engine: TemplateEngine;
  readonly config: SiteConfig;
  readonly formats: ReadonlySet<Format>;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
  /** Every document of the build, keyed by source path relative to the content folder. */
  readonly documents: Readonly<Record<string, DocumentRecord>>;
  /** The releases this build loaded, with their files (errors included); any other a pack needs is loaded here. */
  readonly releases?: readonly LoadedRelease[] | undefined;
  /** The build's print pool, opened on first need and closed by the caller; without it the packs open one of their own. */
  readonly pool?: (() => Promise<PrintPool>) | undefined;
  /** Digest of the build's inputs, part of each pack's record. */
  readonly inputs: string;
  /** The last build's pack records and documents: a pack none of whose releases changed is not printed again. */
  readonly previous?: Readonly<Record<string, PackRecord>> | undefined;
  readonly previousDocuments?: Readonly<Record<string, DocumentRecord>> | undefined;
  /** The build's font sets and the files it wrote: a pack writes only the subset of its own characters. */
  readonly fonts: BuildFonts;
}

const maxPasses = 4;

export interface PacksOutcome {
  /** One result per pack built now, reported like a release's. */
  readonly results: DocumentResult[];
  /** Every pack that stands built (now or before), by file name in the packs folder. */
  readonly records: Record<string, PackRecord>;
}

/** Builds the packs whose releases, file or inputs changed (pack-changes.ts); the others keep their files. */
export async function buildPacks(options: BuildPacksOptions): Promise<PacksOutcome> {
  const outcome: PacksOutcome = { results: [], records: {} };
  const sources = await findPacks(options.contentDir);
  if (sources.length === 0) return outcome;
  // Made on first need: a build that prints no pack loads no release for one.
  let releases: PackReleases | undefined;
  const changed = changedDocuments(options.previousDocuments, options.documents);
  // One browser for every pack, opened when the first pack is ready to print.
  let opening: Promise<PrintPool> | undefined;
  const pool =
    options.pool ??
    (() => (opening ??= PrintPool.open({ outDir: options.outDir, size: 1, timeoutMs: options.config.print_timeout_seconds * 1000 })));
  try {
    for (const source of sources) {
      const name = path.basename(source);
      const loaded = await loadPack(source, { config: options.config });
      const check = { source, definition: loaded.pack?.definition, old: options.previous?.[name], changed };
      const kept = await unchangedPack({ ...check, inputs: options.inputs, documents: options.documents });
      if (kept && !hasErrors(loaded.file) && (await allExist(options.outDir, kept.outputs))) {
        outcome.records[name] = kept;
        continue;
      }
      releases ??= new PackReleases(options);
      const built = await buildOnePack(loaded, releases, options, options.formats.has('pdf') ? pool : undefined);
      outcome.results.push(built.result);
      if (built.record) outcome.records[name] = built.record;
    }
  } finally {
    await (await opening?.catch(() => undefined))?.close();
  }
  return outcome;
}

async function buildOnePack(
  { file, pack }: { file: VFile; pack?: Pack | undefined },
  releases: PackReleases,
  options: BuildPacksOptions,
  pool: (() => Promise<PrintPool>) | undefined,
): Promise<{ result: DocumentResult; record?: PackRecord | undefined }> {
  const started = performance.now();
  const relative = (release: Release) => toPosix(path.relative(options.contentDir, release.file.path));
  let outputs: PublishedFile[] | undefined;
  let fonts: string[] = [];
  let chosen: Release[] = [];
  if (pack) {
    // The embargo state the release's record was built with, so the packs agree with the listing.
    const embargoed = (release: Release) => options.documents[relative(release)]?.listing?.embargoed === true;
    chosen = selectReleases(pack, await releases.forPack(pack), embargoed);
    const built = hasErrors(file) ? undefined : await buildPack(pack, chosen, { ...options, printPool: pool ? await pool() : undefined });
    outputs = built?.outputs;
    fonts = built?.fonts ?? [];
  }
  const pdf = outputs?.find((o) => o.path.endsWith('.pdf'));
  const ok = outputs !== undefined && !hasErrors(file);
  const result: DocumentResult = {
    file,
    slug: `packs/${pack?.name ?? path.basename(file.path)}`,
    ok,
    outputs: outputs?.map((o) => o.path) ?? [],
    pages: pdf?.pages,
    bytes: pdf?.bytes,
    ms: Math.round(performance.now() - started),
  };
  options.onDocument?.(result);
  if (!ok || !pack) return { result };
  const printed = chosen.map(relative);
  const key = packKey(options.inputs, await readFile(file.path), printed, options.documents);
  // The font files it links are its own too: the next build removes those no page needs any more.
  const owned = [...new Set([...result.outputs, ...fonts])].sort();
  return { result, record: { key, releases: printed, outputs: owned, title: pack.title, pages: pdf?.pages } };
}

async function buildPack(
  pack: Pack,
  releases: readonly Release[],
  options: BuildPacksOptions & { readonly printPool: PrintPool | undefined },
): Promise<{ outputs: PublishedFile[] | undefined; fonts: string[] } | undefined> {
  const { file } = pack;
  const prepared = preparePack(pack, releases, { contentDir: options.contentDir, config: options.config });
  await writeImageAssets(prepared.assets, options.outDir);
  const fonts = await writePageFonts(options, prepared.fontSets, pack.lang, prepared.fontText);
  const render = async (layout: PackLayout) => {
    try {
      return await renderPack(prepared, layout, { config: options.config, engine: options.engine });
    } catch (error) {
      reportTemplateError(file, error);
      return undefined;
    }
  };

  let layout: PackLayout = { pages: new Map(), blankBefore: new Set(pack.definition.duplex ? ['contents'] : []) };
  const html = await render(layout);
  if (html === undefined || hasErrors(file)) return undefined;
  let pass = 1;
  // After each print: the pages the titles landed on; print again with those numbers until they hold.
  const reprint = async (printed: Uint8Array): Promise<string | undefined> => {
    const measured = await destinationPages(
      printed,
      prepared.sections.map((s) => s.id),
    );
    const next = planLayout(prepared, layout, measured);
    if (sameLayout(next, layout)) return settled(prepared, layout);
    if (pass === maxPasses) {
      warn(file, `The contents' page numbers did not settle after ${maxPasses} print passes; check them`, undefined, 'pack-pages');
      return settled(prepared, layout);
    }
    pass++;
    layout = next;
    return render(layout);
  };

  const labels = labelsFor(pack.lang);
  const headings = [pack.title, ...(prepared.introduction ? [labels.introduction] : []), labels.contents];
  for (const section of prepared.sections) headings.push(section.release.title, ...section.headings.map((h) => h.text));
  const outputs = await publishDocument(
    {
      file,
      html,
      pagePath: prepared.pagePath,
      metadata: {
        title: pack.title,
        author: pack.issuer,
        subject: pack.definition.subtitle ?? releases.map((r) => r.title).join('; '),
        keywords: [...new Set(releases.flatMap((r) => [...(r.category ? [r.category.name] : []), ...r.tags]))],
        lang: pack.lang,
        date: releaseDate(pack.definition.date),
      },
      headings,
      reprint,
    },
    { outDir: options.outDir, formats: options.formats, pool: options.printPool, baseUrl: options.config.base_url },
  );
  return { outputs, fonts };
}
