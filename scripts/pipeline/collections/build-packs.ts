// Every pack in content/packs/: load, select its releases, render, print in
// passes until the contents' page numbers are the pages the releases start on,
// finish (metadata), write packs/<name>.{html,pdf}.
//
// Chrome has no target-counter() and ignores `break-before: right`, so:
// pass 1 prints without numbers; the PDF's named destinations (Chrome makes
// one for each id a link points to: the contents link every release title)
// say on which page each title stands; blank pages go where a duplex pack
// would start a release on a left-hand page; pass 2 prints the numbers. The
// pages are read back again, and a third pass runs if anything moved.
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import type { VFile } from 'vfile';
import { releaseDate } from '../core/dates.ts';
import { fail, hasErrors, warn } from '../core/messages.ts';
import type { DocumentResult, Format } from '../core/types.ts';
import { finishPdf } from '../finish/finish-pdf.ts';
import { findPacks, loadPack, type Pack, selectReleases } from '../load/load-packs.ts';
import { findReleases, loadRelease, type Release } from '../load/load-release.ts';
import { PrintPool } from '../print/print-pdf.ts';
import { labelsFor } from '../render/labels.ts';
import { type PackLayout, type PreparedPack, packLabels, preparePack, renderPack } from '../render/render-pack.ts';
import { reportTemplateError } from '../render/render-release.ts';
import type { TemplateEngine } from '../render/render-template.ts';
import type { SiteConfig } from '../schema/config.ts';
import { writeAsset, writeFileAtomic } from '../write/write-output.ts';

export interface BuildPacksOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly engine: TemplateEngine;
  readonly config: SiteConfig;
  readonly formats: ReadonlySet<Format>;
  /** `Briefing Press <version>`, for the PDF's Creator. */
  readonly creator: string;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
  /** Every release of the build, loaded, with its file (errors included); loaded from `contentDir` when absent. */
  readonly releases?: ReadonlyArray<{ readonly file: VFile; readonly release?: Release | undefined }> | undefined;
  /** Needed only to load the releases. */
  readonly templatesDir?: string | undefined;
  /** The build's print pool, opened on first need and closed by the caller; without it the packs open one of their own. */
  readonly pool?: (() => Promise<PrintPool>) | undefined;
}

const maxPasses = 4;

/**
 * Builds every pack; one result per pack file, like a release's. `releases` are
 * the build's loaded releases; without them (a step that runs apart from the
 * release builds, such as one fed from a manifest) they are loaded here.
 */
export async function buildPacks(options: BuildPacksOptions): Promise<DocumentResult[]> {
  const sources = await findPacks(options.contentDir);
  if (sources.length === 0) return [];
  const releases = options.releases ?? (await loadAllReleases(options));
  const results: DocumentResult[] = [];
  // One browser for every pack, opened when the first pack is ready to print.
  let opening: Promise<PrintPool> | undefined;
  const pool =
    options.pool ??
    (() => (opening ??= PrintPool.open({ outDir: options.outDir, size: 1, timeoutMs: options.config.print_timeout_seconds * 1000 })));
  try {
    for (const source of sources) {
      results.push(await buildOnePack(source, releases, options, options.formats.has('pdf') ? pool : undefined));
    }
  } finally {
    await (await opening?.catch(() => undefined))?.close();
  }
  return results;
}

async function buildOnePack(
  source: string,
  releases: ReadonlyArray<{ readonly file: VFile; readonly release?: Release | undefined }>,
  options: BuildPacksOptions,
  pool: (() => Promise<PrintPool>) | undefined,
): Promise<DocumentResult> {
  const started = performance.now();
  const { file, pack } = await loadPack(source, { config: options.config });
  let outcome: { outputs: string[]; pages?: number; bytes?: number } | undefined;
  if (pack) {
    const chosen = selectReleases(pack, releases);
    if (!hasErrors(file)) outcome = await buildPack(pack, chosen, { ...options, printPool: pool ? await pool() : undefined });
  }
  const result: DocumentResult = {
    file,
    slug: `packs/${pack?.name ?? path.basename(source)}`,
    ok: outcome !== undefined && !hasErrors(file),
    outputs: outcome?.outputs ?? [],
    pages: outcome?.pages,
    bytes: outcome?.bytes,
    ms: Math.round(performance.now() - started),
  };
  options.onDocument?.(result);
  return result;
}

async function buildPack(
  pack: Pack,
  releases: readonly Release[],
  options: BuildPacksOptions & { readonly printPool: PrintPool | undefined },
): Promise<{ outputs: string[]; pages?: number; bytes?: number } | undefined> {
  const { file } = pack;
  const prepared = preparePack(pack, releases, { contentDir: options.contentDir });
  for (const asset of prepared.assets) await writeAsset(asset, options.outDir);
  const render = async (layout: PackLayout) => {
    try {
      return await renderPack(prepared, layout, { config: options.config, engine: options.engine });
    } catch (error) {
      reportTemplateError(file, error);
      return undefined;
    }
  };

  const labels = { ...labelsFor(pack.lang), ...packLabels(pack.lang) };
  let layout: PackLayout = { pages: new Map(), blankBefore: new Set(pack.definition.duplex ? ['contents'] : []) };
  let html = await render(layout);
  let pdf: { bytes: Uint8Array; pages: number } | undefined;
  if (html && options.printPool) {
    const pool = options.printPool;
    try {
      let printed: Uint8Array | undefined;
      for (let pass = 1; html && pass <= maxPasses; pass++) {
        printed = await pool.print({
          html,
          pagePath: prepared.pagePath,
          onBlocked: (url) =>
            warn(file, `Refused to load \`${url}\` while printing: only files the build wrote may be used`, undefined, 'print-sandbox'),
        });
        const measured = await destinationPages(
          printed,
          prepared.sections.map((s) => s.id),
        );
        const next = planLayout(prepared, layout, measured);
        if (sameLayout(next, layout)) break;
        if (pass === maxPasses) {
          warn(file, `The contents' page numbers did not settle after ${maxPasses} print passes; check them`, undefined, 'pack-pages');
          break;
        }
        layout = next;
        html = await render(layout);
      }
      const unplaced = prepared.sections.filter((section) => !layout.pages.has(section.id));
      if (unplaced.length > 0) {
        const names = unplaced.map((section) => `\`${section.release.slug}\``).join(', ');
        warn(file, `Could not find the page of ${names} in the printed PDF; the contents show no number for it`, undefined, 'pack-pages');
      }
      if (printed && html) {
        const titles = [pack.title, ...(prepared.introduction ? [labels.introduction] : []), labels.contents];
        for (const section of prepared.sections) titles.push(section.release.title, ...section.headings.map((h) => h.text));
        pdf = await finishPdf(await retitleOutline(printed, titles), {
          title: pack.title,
          author: pack.issuer,
          subject: pack.definition.subtitle ?? releases.map((r) => r.title).join('; '),
          keywords: [...new Set(releases.flatMap((r) => [...(r.category ? [r.category.name] : []), ...r.tags]))],
          lang: pack.lang,
          date: releaseDate(pack.definition.date),
          creator: options.creator,
        });
      }
    } catch (error) {
      fail(file, `Printing failed: ${(error as Error).message}`, undefined, 'print');
      return undefined;
    }
  }
  if (!html || hasErrors(file)) return undefined;
  const outputs: string[] = [];
  if (options.formats.has('html')) {
    await writeFileAtomic(path.join(options.outDir, prepared.pagePath), html);
    outputs.push(prepared.pagePath);
  }
  if (pdf) {
    const pdfPath = `packs/${pack.name}.pdf`;
    await writeFileAtomic(path.join(options.outDir, pdfPath), pdf.bytes);
    outputs.push(pdfPath);
  }
  return { outputs, ...(pdf ? { pages: pdf.pages, bytes: pdf.bytes.length } : {}) };
}

async function loadAllReleases(options: BuildPacksOptions): Promise<Array<{ file: VFile; release?: Release }>> {
  const templatesDir = options.templatesDir ?? path.resolve('templates');
  const sources = await findReleases(options.contentDir);
  return Promise.all(
    sources.map((source) => loadRelease(source, { contentDir: options.contentDir, templatesDir, config: options.config })),
  );
}

/**
 * The layout the next pass should have, from the pages this pass measured.
 * Removing the blank pages this pass had gives where each release would start
 * with none; walking the releases in order then adds one before each release
 * that would start on an even (left-hand) page of a duplex pack.
 */
export function planLayout(prepared: PreparedPack, current: PackLayout, measured: ReadonlyMap<string, number>): PackLayout {
  const duplex = prepared.pack.definition.duplex;
  const pages = new Map<string, number>();
  const blankBefore = new Set<string>(duplex ? ['contents'] : []);
  let removed = duplex ? 1 : 0; // blank pages before this release in the measured print
  let added = duplex ? 1 : 0; // ...and in the planned one
  for (const section of prepared.sections) {
    if (current.blankBefore.has(section.id)) removed++;
    const page = measured.get(section.id);
    if (page === undefined) continue;
    let planned = page - removed + added;
    if (duplex && planned % 2 === 0) {
      blankBefore.add(section.id);
      added++;
      planned++;
    }
    pages.set(section.id, planned);
  }
  return { pages, blankBefore };
}

function sameLayout(a: PackLayout, b: PackLayout): boolean {
  const sameSet = [...a.blankBefore].every((id) => b.blankBefore.has(id)) && a.blankBefore.size === b.blankBefore.size;
  const samePages = a.pages.size === b.pages.size && [...a.pages].every(([id, page]) => b.pages.get(id) === page);
  return sameSet && samePages;
}

/** The 1-based page of each named destination in a PDF that Chrome printed (catalog /Dests or /Names /Dests). */
export async function destinationPages(bytes: Uint8Array, names: readonly string[]): Promise<Map<string, number>> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageOf = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const found = new Map<string, number>();
  for (const name of names) {
    const dest = dests?.lookup(PDFName.of(name));
    const array = dest instanceof PDFDict ? dest.lookupMaybe(PDFName.of('D'), PDFArray) : dest instanceof PDFArray ? dest : undefined;
    const ref = array?.get(0);
    const page = ref instanceof PDFRef ? pageOf.get(ref.toString()) : undefined;
    if (page !== undefined) found.set(name, page);
  }
  return found;
}

/**
 * Chrome names each bookmark after the heading's laid-out text, which drops
 * the space at a line break ("Hayashiand NATO") and sometimes doubles it. The
 * bookmarks are the pack's headings in document order, so when their number
 * matches, each gets the heading's own text.
 */
export async function retitleOutline(bytes: Uint8Array, titles: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const items: PDFDict[] = [];
  const walk = (first: PDFDict | undefined) => {
    for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      items.push(item);
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict));
  if (items.length !== titles.length) return bytes;
  for (const [index, item] of items.entries()) item.set(PDFName.of('Title'), PDFHexString.fromText(titles[index] ?? ''));
  return pdf.save({ useObjectStreams: false, updateFieldAppearances: false });
}
