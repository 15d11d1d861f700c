// Post-processing of Chrome's PDF with pdf-lib: true metadata from the front
// matter (Info dictionary and XMP), the document language, and Chrome's
// timestamps and file ID replaced by values derived from the content, so the
// same release builds to the same bytes (see pdf-canonical.ts). Every object
// Chrome made is kept, so the structure tree (tags) and the outline stay intact.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { rfc3339 } from '../core/dates.ts';
import { escapeXmlAttribute as xmlText } from '../core/xml-text.ts';
import { renumberStructureIds, saveInDocumentOrder } from './pdf-canonical.ts';

export interface PdfMetadata {
  readonly title: string;
  readonly author: string;
  readonly subject?: string | undefined;
  readonly keywords: readonly string[];
  readonly lang: string;
  /** Creation date, and modification date unless `modified` is given. */
  readonly date: Date;
  /** A corrected release's `updated` moment: ModDate. */
  readonly modified?: Date | undefined;
  /** This program and its version, e.g. `Briefing Press 0.1.0`. */
  readonly creator: string;
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
  const pdf = await PDFDocument.load(input, { updateMetadata: false });
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
 * Chrome (156) builds each bookmark title from the heading's line boxes: a
 * heading that wraps loses the space at the break ("tonnesof cargo"), and one
 * that a break-avoid rule moved to the next page is spelled twice ("NotesNotes").
 * Each bookmark is matched, in document order and ignoring white space, to a
 * heading text (once or repeated) and given that text.
 */
function fixOutlineTitles(pdf: PDFDocument, headings: readonly string[]): void {
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return;
  const squash = (text: string) => text.replace(/\s+/g, '');
  const expected = headings.map((text) => ({ text: text.replace(/\s+/g, ' ').trim(), key: squash(text) }));
  let cursor = 0;
  const visit = (item: PDFDict | undefined, depth: number): void => {
    // Depth and sibling count are bounded: a malformed file must not loop.
    for (let n = 0; item && depth < 16 && n < 10_000; n++) {
      const title = item.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString);
      if (title) {
        const key = squash(title.decodeText());
        const found = expected.findIndex((e, i) => i >= cursor && isRepeatOf(key, e.key));
        if (found >= 0) {
          cursor = found + 1;
          item.set(PDFName.of('Title'), PDFHexString.fromText(expected[found]?.text ?? ''));
        } else if (key.length % 2 === 0 && isRepeatOf(key, key.slice(0, key.length / 2))) {
          // A heading the build did not list (the footnotes' "Notes"), doubled.
          item.set(PDFName.of('Title'), PDFHexString.fromText(firstHalf(title.decodeText())));
        }
      }
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  visit(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0);
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

/** The text up to the middle of its non-space characters: "Notes Notes" -> "Notes". */
function firstHalf(text: string): string {
  const half = text.replace(/\s+/g, '').length / 2;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (!/\s/.test(text.charAt(i))) seen++;
    if (seen === half) return text.slice(0, i + 1).trim();
  }
  return text;
}

function isRepeatOf(text: string, unit: string): boolean {
  return unit.length > 0 && text.length % unit.length === 0 && unit.repeat(text.length / unit.length) === text;
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

function xmpStream(pdf: PDFDocument, meta: PdfMetadata, producer: string): PDFRawStream {
  const date = rfc3339(meta.date);
  const modified = rfc3339(meta.modified ?? meta.date);
  const xml = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${xmlText(meta.author)}</rdf:li></rdf:Seq></dc:creator>
${meta.subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(meta.subject)}</rdf:li></rdf:Alt></dc:description>\n` : ''}<dc:language><rdf:Bag><rdf:li>${xmlText(meta.lang)}</rdf:li></rdf:Bag></dc:language>
${meta.keywords.length > 0 ? `<dc:subject><rdf:Bag>${meta.keywords.map((k) => `<rdf:li>${xmlText(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>\n<pdf:Keywords>${xmlText(meta.keywords.join(', '))}</pdf:Keywords>\n` : ''}<pdf:Producer>${xmlText(producer)}</pdf:Producer>
<xmp:CreatorTool>${xmlText(meta.creator)}</xmp:CreatorTool>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${modified}</xmp:ModifyDate>
<xmp:MetadataDate>${modified}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const dict = pdf.context.obj({ Type: 'Metadata', Subtype: 'XML' });
  const bytes = new TextEncoder().encode(xml);
  dict.set(PDFName.of('Length'), pdf.context.obj(bytes.length));
  return PDFRawStream.of(dict, bytes);
}
