// How Chromium's PDFs are read and written back with pdf-lib, in one place.
//
// pdf-lib by default stops every 100 objects it parses and every 50 it writes
// to wait for a timer tick (so a browser tab stays responsive). Here that was
// half of pdf-lib's CPU for a release's PDF (100 PDFs of the bench, loaded and
// saved: 615-669 ms with the ticks, 302-353 without), for no one: the build
// has no UI to keep responsive, and the bytes written do not depend on it.
import { ParseSpeeds, PDFDocument } from 'pdf-lib';

/** Objects written between two waits for a tick: never wait. */
export const objectsPerTick = Number.POSITIVE_INFINITY;

/** Parses a PDF as Chromium wrote it; its Producer and dates are left alone (the finishing pass sets them). */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}
