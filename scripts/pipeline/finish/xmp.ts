// The PDF's XMP metadata stream: the same facts as its Info dictionary, in the
// form PDF/A and PDF/UA checkers and document managers read.
import { type PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { rfc3339 } from '../core/dates.ts';
import { escapeXmlAttribute as xmlText } from '../core/xml-text.ts';

/** What the document says of itself, in its Info dictionary and its XMP alike. */
export interface DocumentFacts {
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
}

export function xmpStream(pdf: PDFDocument, meta: DocumentFacts, producer: string): PDFRawStream {
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
