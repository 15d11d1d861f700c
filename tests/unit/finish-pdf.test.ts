import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf } from '../../scripts/pipeline/finish/finish-pdf.ts';

async function chromeLikePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  pdf.setProducer('Skia/PDF m156');
  pdf.setCreationDate(new Date());
  return pdf.save();
}

const meta = {
  title: 'Meeting <with> "quotes"',
  author: 'Ministry',
  subject: 'A summary',
  keywords: ['NATO', 'Ukraine'],
  lang: 'en',
  date: new Date('2023-04-04T12:00:00Z'),
  creator: 'Briefing Press 1.2.3',
};

describe('finish pdf', () => {
  it('sets the metadata, the language and the dates from the release', async () => {
    const finished = await finishPdf(await chromeLikePdf(), meta);
    const pdf = await PDFDocument.load(finished.bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Meeting <with> "quotes"');
    expect(pdf.getAuthor()).toBe('Ministry');
    expect(pdf.getSubject()).toBe('A summary');
    expect(pdf.getKeywords()).toBe('NATO, Ukraine');
    expect(pdf.getCreator()).toBe('Briefing Press 1.2.3');
    expect(pdf.getProducer()).toBe('Briefing Press 1.2.3 (Skia/PDF m156)');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2023-04-04T12:00:00.000Z');
    expect(pdf.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en)');
    expect(finished.pages).toBe(1);
  });

  it('writes XMP metadata with the title escaped', async () => {
    const finished = await finishPdf(await chromeLikePdf(), meta);
    const text = Buffer.from(finished.bytes).toString('latin1');
    expect(text).toContain('<rdf:li xml:lang="x-default">Meeting &lt;with&gt; &quot;quotes&quot;</rdf:li>');
  });

  it('keeps the XMP packet well-formed XML when the title holds control characters', async () => {
    const finished = await finishPdf(await chromeLikePdf(), { ...meta, title: 'Bell\x07 NUL\x00 Esc\x1b start\x01', subject: 'tab\tok' });
    const text = Buffer.from(finished.bytes).toString('latin1');
    const packet = /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(text)?.[0] ?? '';
    expect(packet).toContain('Bell NUL Esc start');
    // The control characters XML 1.0 forbids (tab, LF and CR are allowed).
    const forbidden = [...packet].filter((c) => (c.codePointAt(0) ?? 0) < 0x20 && !'\t\n\r'.includes(c));
    expect(forbidden).toEqual([]);
    const { DOMParser } = await import('@xmldom/xmldom');
    const errors: string[] = [];
    new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(packet, 'text/xml');
    expect(errors).toEqual([]);
  });

  it('gives the same bytes for the same input, whatever the time', async () => {
    const input = await chromeLikePdf();
    const a = await finishPdf(input, meta);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await finishPdf(input, meta);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('changes the file ID when the metadata changes', async () => {
    const input = await chromeLikePdf();
    const id = async (m: typeof meta) =>
      /\/ID \[ <([0-9A-F]+)>/i.exec(Buffer.from((await finishPdf(input, m)).bytes).toString('latin1'))?.[1];
    expect(await id(meta)).not.toBe(await id({ ...meta, title: 'Other' }));
  });
});
