// Chrome sometimes numbers a table's header cells (their objects and their
// structure IDs) in another order; the finished file must not show it.
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFRef, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renumberStructureIds, saveInDocumentOrder } from '../../scripts/pipeline/finish/pdf-canonical.ts';

/**
 * A tagged one-page PDF with a table row of three header cells and a data
 * cell pointing at them. `objectOrder` is the order the cells are registered
 * (their object numbers); `ids` are the DOM node IDs Chrome gave them.
 */
async function tablePdf(objectOrder: readonly number[], ids: readonly string[]): Promise<PDFDocument> {
  // No creation and modification dates of "now": two files made a moment apart could straddle a second.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.addPage([595, 842]);
  const context = pdf.context;
  const root = context.obj({ Type: 'StructTreeRoot' });
  const rootRef = context.register(root);
  const row = context.obj({ Type: 'StructElem', S: 'TR', P: rootRef });
  const rowRef = context.register(row);
  const cells: PDFRef[] = [];
  for (const i of objectOrder) {
    cells[i] = context.register(context.obj({ Type: 'StructElem', S: 'TH', P: rowRef, ID: PDFString.of(ids[i] as string), K: i }));
  }
  const data = context.register(
    context.obj({ Type: 'StructElem', S: 'TD', P: rowRef, K: 3, A: { O: 'Table', Headers: ids.map((id) => PDFString.of(id)) } }),
  );
  row.set(PDFName.of('K'), context.obj([...cells, data]));
  const names = [...ids.keys()].sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : 1));
  root.set(PDFName.of('K'), row);
  root.set(PDFName.of('IDTree'), context.obj({ Names: names.flatMap((i) => [PDFString.of(ids[i] as string), cells[i] as PDFRef]) }));
  pdf.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  return pdf;
}

async function canonical(pdf: PDFDocument): Promise<Buffer> {
  renumberStructureIds(pdf);
  return Buffer.from(await saveInDocumentOrder(pdf));
}

describe('canonical PDF', () => {
  it('gives the same bytes whatever order Chrome numbered the objects and IDs in', async () => {
    const a = await canonical(await tablePdf([0, 1, 2], ['node00000074', 'node00000075', 'node00000076']));
    const b = await canonical(await tablePdf([2, 0, 1], ['node00000093', 'node00000091', 'node00000092']));
    expect(a.equals(b)).toBe(true);
  });

  it('names the cells in document order and keeps the ID tree sorted and the headers pointing at them', async () => {
    const pdf = await tablePdf([1, 2, 0], ['node00000030', 'node00000010', 'node00000020']);
    const saved = await PDFDocument.load(await canonical(pdf));
    const root = saved.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const row = root.lookup(PDFName.of('K'), PDFDict);
    const kids = row.lookup(PDFName.of('K'), PDFArray);
    const idOf = (i: number) => kids.lookup(i, PDFDict).lookup(PDFName.of('ID'), PDFString).decodeText();
    expect([0, 1, 2].map(idOf)).toEqual(['node00000001', 'node00000002', 'node00000003']);

    const names = root.lookup(PDFName.of('IDTree'), PDFDict).lookup(PDFName.of('Names'), PDFArray);
    for (let i = 0; i < 3; i++) {
      expect(names.lookup(2 * i, PDFString).decodeText()).toBe(idOf(i));
      expect(names.get(2 * i + 1)).toBe(kids.get(i));
    }
    const headers = kids.lookup(3, PDFDict).lookup(PDFName.of('A'), PDFDict).lookup(PDFName.of('Headers'), PDFArray);
    expect(headers.asArray().map((h) => (h as PDFString).decodeText())).toEqual(['node00000001', 'node00000002', 'node00000003']);
  });

  it('numbers objects in the order a walk from the catalog meets them', async () => {
    const saved = (await canonical(await tablePdf([2, 1, 0], ['a', 'b', 'c']))).toString('latin1');
    const numbers = [...saved.matchAll(/^(\d+) 0 obj/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(saved).toMatch(/\/Root 1 0 R/);
  });
});
