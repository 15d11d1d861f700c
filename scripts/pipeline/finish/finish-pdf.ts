// Post-processing of Chrome's PDF with pdf-lib: true metadata from the front
// matter (Info dictionary and XMP), the document language, and Chrome's
// timestamps and file ID replaced by values derived from the content, so the
// same release builds to the same bytes (see pdf-canonical.ts). Every object
// Chrome made is kept, so the structure tree (tags) and the outline stay intact.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { PDFArray, PDFDict, type PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { loadPdf } from './load-pdf.ts';
import { fixOutlineTitles } from './outline-titles.ts';
import { renumberStructureIds, saveInDocumentOrder } from './pdf-canonical.ts';
import { type DocumentFacts, xmpStream } from './xmp.ts';

export interface PdfMetadata extends DocumentFacts {
  /**
   * The document's headings as written, in order, the title first. Chrome's
   * bookmarks garble some of them (see fixOutlineTitles); these texts replace
   * the garbled titles. Without them the outline is left as Chrome made it.
   */
  readonly headings?: readonly string[] | undefined;
  /** Where links to the site's own pages point; see fixSiteLinks. */
  readonly siteLinks?: SiteLinks | undefined;
}

export interface SiteLinks {
  /** The private origin the page was printed under, e.g. `https://briefing.invalid`. */
  readonly printOrigin: string;
  /** The page's path in the output folder, `nato/2023-04-04-x.html`; the PDF sits next to it. */
  readonly pagePath: string;
  /** The site's public address (`base_url`); without it links become relative to the PDF. */
  readonly baseUrl?: string | undefined;
}

export interface FinishedPdf {
  readonly bytes: Uint8Array;
  readonly pages: number;
  /** Base names of the fonts in the file, subset tags removed: `SourceSerif4-Regular`. */
  readonly fonts: readonly string[];
}

export async function finishPdf(input: Uint8Array, meta: PdfMetadata): Promise<FinishedPdf> {
  const pdf = await loadPdf(input);
  const producer = `${meta.creator} (${pdf.getProducer() ?? 'Chromium'})`;
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  if (meta.subject) pdf.setSubject(meta.subject);
  if (meta.keywords.length > 0) pdf.setKeywords([meta.keywords.join(', ')]);
  pdf.setCreator(meta.creator);
  pdf.setProducer(producer);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.modified ?? meta.date);
  pdf.setLanguage(meta.lang);
  if (meta.headings) fixOutlineTitles(pdf, meta.headings);
  renumberStructureIds(pdf);
  groupFiguresAsDivs(pdf);
  if (meta.siteLinks) fixSiteLinks(pdf, meta.siteLinks);
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(xmpStream(pdf, meta, producer)));

  // The file ID must change when the content changes and only then. Chrome's
  // own bytes cannot be hashed for it: they hold Chrome's clock and its random
  // ID. So the file is saved with a blank ID, and the ID is the hash of that.
  const blank = '0'.repeat(32);
  setId(pdf, blank);
  const draft = await saveInDocumentOrder(pdf);
  const id = createHash('md5').update(draft).digest('hex');
  const bytes = writeId(draft, `<${blank}>`, `<${id}>`);
  return { bytes, pages: pdf.getPageCount(), fonts: fontNames(pdf) };
}

function setId(pdf: PDFDocument, id: string): void {
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

/**
 * Puts the ID into the saved trailer in place of the blank one (twice: the
 * array holds it twice). Same length, so no offset in the xref table moves.
 */
function writeId(bytes: Uint8Array, blank: string, id: string): Uint8Array {
  const tail = Math.max(0, bytes.length - 1024);
  const trailer = Buffer.from(bytes.subarray(tail)).toString('latin1');
  const patched = trailer.split(blank).join(id);
  if (patched === trailer) throw new Error('finish-pdf: the blank file ID was not found in the trailer');
  const out = new Uint8Array(bytes);
  out.set(Buffer.from(patched, 'latin1'), tail);
  return out;
}

/**
 * Chrome tags an HTML <figure> as /Figure, and the <img> inside it as another
 * /Figure that carries the alt text. The outer one has no /Alt, which
 * accessibility checkers (PAC, veraPDF for PDF/UA) reject: a Figure must
 * describe itself. A Figure without /Alt that only groups other structure
 * elements (the image and its caption) is a grouping element, so it becomes a
 * /Div; the image keeps its /Figure and its alt text.
 */
function groupFiguresAsDivs(pdf: PDFDocument): void {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('S')) !== PDFName.of('Figure') || object.has(PDFName.of('Alt'))) continue;
    const kids = object.lookup(PDFName.of('K'));
    const items = kids instanceof PDFArray ? kids.asArray() : kids ? [object.get(PDFName.of('K'))] : [];
    const groups = items.length > 0 && items.every((kid) => pdf.context.lookup(kid) instanceof PDFDict);
    if (groups) object.set(PDFName.of('S'), PDFName.of('Div'));
  }
}

/**
 * Chrome resolves the page's relative links (the letterhead's link to the
 * listing, the category) against the private print origin, so the PDF would
 * send readers to https://briefing.invalid/…. They are pointed at the site's
 * public address when one is configured, else made relative to the PDF, which
 * is written next to the HTML page.
 */
function fixSiteLinks(pdf: PDFDocument, links: SiteLinks): void {
  const prefix = `${links.printOrigin}/`;
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
    const action = object.lookupMaybe(PDFName.of('A'), PDFDict);
    const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString)?.decodeText();
    if (!action || !uri?.startsWith(prefix)) continue;
    const url = new URL(uri);
    const target = url.pathname.slice(1);
    const rest = `${url.search}${url.hash}`;
    const fixed = links.baseUrl
      ? new URL(`${target}${rest}`, links.baseUrl.endsWith('/') ? links.baseUrl : `${links.baseUrl}/`).href
      : `${path.posix.relative(path.posix.dirname(links.pagePath), target) || path.posix.basename(target)}${rest}`;
    action.set(PDFName.of('URI'), PDFString.of(fixed));
  }
}

function fontNames(pdf: PDFDocument): string[] {
  const names = new Set<string>();
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Type0')) continue; // its descendant carries the same name
    const base = object.get(PDFName.of('BaseFont'));
    const name = base instanceof PDFName ? base.decodeText() : subtype === PDFName.of('Type3') ? 'Type3' : 'unnamed';
    names.add(name.replace(/^[A-Z]{6}\+/, ''));
  }
  return [...names].sort();
}
