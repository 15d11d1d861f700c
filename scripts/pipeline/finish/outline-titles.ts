// Bookmark titles as the headings are written (finish-pdf.ts calls it).
import { PDFDict, type PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

/**
 * Chrome (156) builds each bookmark title from the heading's line boxes: a
 * heading that wraps loses the space at the break ("tonnesof cargo"), and one
 * that a break-avoid rule moved to the next page is spelled twice ("NotesNotes").
 * Each bookmark is matched, in document order and ignoring white space, to a
 * heading text (once or repeated) and given that text.
 */
export function fixOutlineTitles(pdf: PDFDocument, headings: readonly string[]): void {
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
