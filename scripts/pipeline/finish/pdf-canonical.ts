// Makes the bytes of Chrome's PDF depend on the document alone. Chrome numbers
// some objects and structure IDs in an order that varies from run to run (the
// header cells of a table came out permuted in about 1 build in 20 under load),
// so the same release could give two different files. Both are put in document
// order here: structure IDs by a walk of the structure tree, object numbers by
// a walk of the file from its trailer.
import {
  PDFArray,
  PDFContext,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  PDFWriter,
} from 'pdf-lib';
import { objectsPerTick } from './load-pdf.ts';

/**
 * Chrome names structure elements after DOM node IDs (`node00000074`), used by
 * the ID tree and by table cells' /Headers. Those numbers depend on what the
 * renderer did before and on the order it asked for them, so they are renamed
 * `node00000001`… in the order the elements stand in the structure tree.
 */
export function renumberStructureIds(pdf: PDFDocument): void {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const renamed = new Map<string, string>();
  for (const element of structureElements(pdf.context, root)) {
    const id = element.lookupMaybe(PDFName.of('ID'), PDFString, PDFHexString)?.decodeText();
    if (id !== undefined && !renamed.has(id)) renamed.set(id, `node${String(renamed.size + 1).padStart(8, '0')}`);
  }
  if (renamed.size === 0) return;
  for (const [, object] of pdf.context.enumerateIndirectObjects()) renameStrings(object, renamed);
  const idTree = root.lookupMaybe(PDFName.of('IDTree'), PDFDict);
  if (idTree) sortNameTree(pdf.context, idTree);
}

/**
 * Saves the document with its objects numbered in the order a depth-first walk
 * from the trailer (catalog first, then the Info dictionary) meets them.
 * Objects nothing refers to are left out.
 */
export async function saveInDocumentOrder(pdf: PDFDocument): Promise<Uint8Array> {
  const source = pdf.context;
  const trailer = source.trailerInfo;
  const order = new Map<PDFRef, PDFRef>();
  for (const value of walk(source, source.obj([trailer.Root, trailer.Info ?? null]))) {
    if (value instanceof PDFRef && !order.has(value)) order.set(value, PDFRef.of(order.size + 1));
  }
  const target = PDFContext.create();
  target.header = source.header;
  const copy = (value: PDFObject): PDFObject => {
    if (value instanceof PDFRef) return order.get(value) ?? value;
    if (value instanceof PDFDict) {
      const dict = PDFDict.withContext(target);
      for (const [key, child] of value.entries()) dict.set(key, copy(child));
      return dict;
    }
    if (value instanceof PDFArray) {
      const array = PDFArray.withContext(target);
      for (const child of value.asArray()) array.push(copy(child));
      return array;
    }
    if (value instanceof PDFStream) return PDFRawStream.of(copy(value.dict) as PDFDict, value.getContents());
    return value;
  };
  for (const [from, to] of order) {
    const object = source.lookup(from);
    if (object) target.assign(to, copy(object));
  }
  if (!trailer.Root) throw new Error('pdf-canonical: the PDF has no catalog');
  target.trailerInfo.Root = copy(trailer.Root);
  if (trailer.Info) target.trailerInfo.Info = copy(trailer.Info);
  if (trailer.ID) target.trailerInfo.ID = copy(trailer.ID);
  return PDFWriter.forContext(target, objectsPerTick).serializeToBuffer();
}

/**
 * Every value reachable from `start`, depth first, each indirect object once,
 * children in the order they are written. A loop, not recursion: an outline's
 * /Next chain can be thousands of objects long.
 */
function* walk(context: PDFContext, start: PDFObject | undefined): Generator<PDFObject> {
  const seen = new Set<PDFRef>();
  const stack: PDFObject[] = start ? [start] : [];
  while (stack.length > 0) {
    const value = stack.pop() as PDFObject;
    yield value;
    let children: PDFObject[] = [];
    if (value instanceof PDFRef) {
      if (seen.has(value)) continue;
      seen.add(value);
      const target = context.lookup(value);
      if (target) children = [target];
    } else if (value instanceof PDFDict) children = value.values();
    else if (value instanceof PDFArray) children = value.asArray();
    else if (value instanceof PDFStream) children = [value.dict];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as PDFObject);
  }
}

/**
 * The elements under `root` in document order: only /K is followed, since /P,
 * the ID tree and the parent tree would reach them in other orders.
 */
function* structureElements(context: PDFContext, root: PDFDict): Generator<PDFDict> {
  const stack: PDFObject[] = [root.get(PDFName.of('K')) ?? context.obj([])];
  while (stack.length > 0) {
    const value = stack.pop() as PDFObject;
    const resolved = value instanceof PDFRef ? context.lookup(value) : value;
    let kids: PDFObject[] = [];
    if (resolved instanceof PDFArray) kids = resolved.asArray();
    else if (resolved instanceof PDFDict && resolved.has(PDFName.of('S'))) {
      yield resolved;
      const k = resolved.get(PDFName.of('K'));
      if (k) kids = [k];
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as PDFObject);
  }
}

function renameStrings(value: PDFObject, renamed: ReadonlyMap<string, string>): void {
  const replacement = (child: PDFObject) => {
    if (!(child instanceof PDFString || child instanceof PDFHexString)) return undefined;
    const to = renamed.get(child.decodeText());
    return to === undefined ? undefined : PDFString.of(to);
  };
  if (value instanceof PDFDict) {
    for (const [key, child] of value.entries()) {
      const to = replacement(child);
      if (to) value.set(key, to);
      else renameStrings(child, renamed);
    }
  } else if (value instanceof PDFArray) {
    for (let i = 0; i < value.size(); i++) {
      const to = replacement(value.get(i));
      if (to) value.set(i, to);
      else renameStrings(value.get(i), renamed);
    }
  }
}

/** A name tree must be sorted by key; renaming broke that, so its entries are gathered into one sorted node. */
function sortNameTree(context: PDFContext, tree: PDFDict): void {
  const entries: [string, PDFObject][] = [];
  const gather = (node: PDFDict) => {
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; names && i + 1 < names.size(); i += 2) {
      const key = names.lookupMaybe(i, PDFString, PDFHexString)?.decodeText();
      if (key !== undefined) entries.push([key, names.get(i + 1)]);
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) gather(kids.lookup(i, PDFDict));
  };
  gather(tree);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of tree.keys()) tree.delete(key);
  tree.set(PDFName.of('Names'), context.obj(entries.flatMap(([key, value]) => [PDFString.of(key), value])));
}
