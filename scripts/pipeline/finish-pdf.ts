// Post-processing of Chrome's PDF with pdf-lib: true metadata from the front
// matter (Info dictionary and XMP), the document language, and Chrome's
// timestamps and file ID replaced by values derived from the content, so the
// same release builds to the same bytes. pdf-lib copies every object, so the
// structure tree (tags) and the outline Chrome made stay intact.
import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream } from 'pdf-lib';

export interface PdfMetadata {
  readonly title: string;
  readonly author: string;
  readonly subject?: string | undefined;
  readonly keywords: readonly string[];
  readonly lang: string;
  /** Creation and modification date. */
  readonly date: Date;
  /** This program and its version, e.g. `Briefing Press 0.1.0`. */
  readonly creator: string;
}

export interface FinishedPdf {
  readonly bytes: Uint8Array;
  readonly pages: number;
  /** Base names of the fonts in the file, subset tags removed: `SourceSerif4-Regular`. */
  readonly fonts: readonly string[];
}

export async function finishPdf(printed: Uint8Array, meta: PdfMetadata): Promise<FinishedPdf> {
  const input = renumberNodeIds(printed);
  const pdf = await PDFDocument.load(input, { updateMetadata: false });
  const producer = `${meta.creator} (${pdf.getProducer() ?? 'Chromium'})`;
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  if (meta.subject) pdf.setSubject(meta.subject);
  if (meta.keywords.length > 0) pdf.setKeywords([meta.keywords.join(', ')]);
  pdf.setCreator(meta.creator);
  pdf.setProducer(producer);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  pdf.setLanguage(meta.lang);
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(xmpStream(pdf, meta, producer)));

  // The file ID must change when the content changes and only then. Chrome
  // stamps the time of printing into its Info dictionary: leave that out, or the
  // same release printed twice (a rebuild, another shard) gets two IDs.
  const content = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '');
  const id = createHash('md5').update(content, 'latin1').update(JSON.stringify(meta)).digest('hex');
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);

  const bytes = await pdf.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { bytes, pages: pdf.getPageCount(), fonts: fontNames(pdf) };
}

/**
 * Chrome names tagged table cells (`/ID (node00000159)`, `/Headers`, the ID
 * tree) after DOM node numbers, which grow with everything a reused page printed
 * before. Renumbered 1, 2, ... in the same order and width, the same release
 * gives the same bytes whatever was printed before it (rebuilds, shards); the
 * order keeps the ID tree sorted, the width keeps every offset.
 */
export function renumberNodeIds(input: Uint8Array): Uint8Array {
  const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  const pattern = /\(node(\d+)\)/g;
  const numbers = [...new Set([...text.matchAll(pattern)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  if (numbers.length === 0) return input;
  const renumbered = new Map(numbers.map((n, i) => [n, i + 1]));
  const out = text.replace(
    pattern,
    (_m, digits: string) => `(node${String(renumbered.get(Number(digits)) ?? digits).padStart(digits.length, '0')})`,
  );
  return Buffer.from(out, 'latin1');
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
  const date = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const dict = pdf.context.obj({ Type: 'Metadata', Subtype: 'XML' });
  const bytes = new TextEncoder().encode(xml);
  dict.set(PDFName.of('Length'), pdf.context.obj(bytes.length));
  return PDFRawStream.of(dict, bytes);
}

function xmlText(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}
