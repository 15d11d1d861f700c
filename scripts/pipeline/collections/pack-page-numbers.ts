// A pack's contents give the page each release starts on, and Chrome cannot
// number them: these read the pages back from a printed PDF and plan the next
// print pass (blank pages, numbers) until it holds. Kept apart from
// build-packs.ts, which loads, renders and writes the packs.
import { PDFArray, PDFDict, PDFName, PDFRef } from 'pdf-lib';
import { warn } from '../core/messages.ts';
import { loadPdf } from '../finish/load-pdf.ts';
import type { PackLayout, PreparedPack } from '../render/render-pack.ts';

/** The print is final: says which releases the contents could not number. Returns undefined (print no more). */
export function settled(prepared: PreparedPack, layout: PackLayout): undefined {
  const unplaced = prepared.sections.filter((section) => !layout.pages.has(section.id));
  if (unplaced.length > 0) {
    const names = unplaced.map((section) => `\`${section.release.slug}\``).join(', ');
    warn(
      prepared.pack.file,
      `Could not find the page of ${names} in the printed PDF; the contents show no number for it`,
      undefined,
      'pack-pages',
    );
  }
  return undefined;
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

export function sameLayout(a: PackLayout, b: PackLayout): boolean {
  const sameSet = [...a.blankBefore].every((id) => b.blankBefore.has(id)) && a.blankBefore.size === b.blankBefore.size;
  const samePages = a.pages.size === b.pages.size && [...a.pages].every(([id, page]) => b.pages.get(id) === page);
  return sameSet && samePages;
}

/** The 1-based page of each named destination in a PDF that Chrome printed (catalog /Dests or /Names /Dests). */
export async function destinationPages(bytes: Uint8Array, names: readonly string[]): Promise<Map<string, number>> {
  const pdf = await loadPdf(bytes);
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
