// One rendered document (a release or a briefing pack) to its files: printed
// with the build's pool, finished with pdf-lib (metadata, XMP, language,
// bookmark titles, links to the site's own pages), then the HTML and the PDF
// written as a pair. Releases (build-release.ts) and packs
// (collections/build-packs.ts) both come through here, so every PDF is
// finished the same way whatever made it.
import path from 'node:path';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { fail, hasErrors, warn } from '../core/messages.ts';
import { creator } from '../core/product.ts';
import type { Format } from '../core/types.ts';
import type { PdfMetadata } from '../finish/finish-pdf.ts';
import { printableHtml } from '../markdown/image-plan.ts';
import { type PrintPool, printOrigin } from '../print/print-pdf.ts';
import { type FontSet, isBundledFont } from '../render/fonts.ts';
import { type FileToWrite, writeFilesTogether } from '../write/write-together.ts';

/** What the PDF says about itself; the creator, bookmark titles and links are added here. */
export type DocumentMetadata = Omit<PdfMetadata, 'creator' | 'headings' | 'siteLinks'>;

export interface RenderedDocument {
  /** Where problems are reported: the release's or the pack's source file. */
  readonly file: VFile;
  /** The page for disk, with its Content-Security-Policy. */
  readonly html: string;
  /** The same page without the policy meta, for the print pool (render/csp.ts says why); default `html`. */
  readonly printHtml?: string | undefined;
  /**
   * Where print-stage problems (a failed or timed-out print, a refused load, a
   * fallback font) point: the release's `title:` line. Without it they point
   * at the file as a whole, never at a made-up 1:1.
   */
  readonly place?: Point | undefined;
  /** The page's path in the output folder (`nato/2023-04-04-x.html`, `packs/x.html`); the PDF goes beside it. */
  readonly pagePath: string;
  readonly metadata: DocumentMetadata;
  /** The headings as written, in order, the title first: they replace the bookmark titles Chrome garbles. */
  readonly headings: readonly string[];
  /**
   * Called with each print. Returns the HTML to print again (a pack whose
   * contents' page numbers moved), or undefined when this print is the one to
   * keep. Without it the first print is kept.
   */
  readonly reprint?: ((printed: Uint8Array) => Promise<string | undefined>) | undefined;
}

export interface PublishContext {
  readonly outDir: string;
  readonly formats: ReadonlySet<Format>;
  /** The build's print pool; without it no PDF is made. */
  readonly pool: PrintPool | undefined;
  /** The site's public address (`base_url`): where the PDF's links to the site point. */
  readonly baseUrl: string | undefined;
  /** The bundled fonts: a PDF that used any other font gets a warning. Without them nothing is checked. */
  readonly fontSets?: ReadonlyMap<string, FontSet> | undefined;
}

/** A file written, relative to the output folder, as the manifest records it. */
export interface PublishedFile {
  readonly path: string;
  readonly bytes: number;
  readonly pages?: number;
}

/**
 * Prints, finishes and writes one document. Returns the files written, or
 * undefined when the document failed (the reason is a message on its file,
 * and its last good files stay as they were).
 */
export async function publishDocument(doc: RenderedDocument, context: PublishContext): Promise<PublishedFile[] | undefined> {
  const { file } = doc;
  let html = doc.html;
  let pdf: { bytes: Uint8Array; pages: number } | undefined;
  if (context.pool && context.formats.has('pdf')) {
    const pool = context.pool;
    try {
      const finishing = import('../finish/finish-pdf.ts'); // loads while Chromium prints
      finishing.catch(() => undefined); // awaited below
      const print = (page: string) =>
        pool.print({
          // The print takes each image's print-size copy, not the web widths (markdown/image-plan.ts).
          html: printableHtml(page),
          pagePath: doc.pagePath,
          onBlocked: (url) =>
            warn(file, `Refused to load \`${url}\` while printing: only files the build wrote may be used`, doc.place, 'print-sandbox'),
        });
      let printed = await print(doc.printHtml ?? html);
      for (let again = await doc.reprint?.(printed); again !== undefined; again = await doc.reprint?.(printed)) {
        html = again;
        printed = await print(html);
      }
      if (hasErrors(file)) return undefined;
      const finished = await (await finishing).finishPdf(printed, {
        ...doc.metadata,
        creator,
        headings: doc.headings,
        siteLinks: { printOrigin, pagePath: doc.pagePath, baseUrl: context.baseUrl },
      });
      pdf = finished;
      const bundled = context.fontSets;
      const strays = bundled ? finished.fonts.filter((font) => !isBundledFont(font, bundled)) : [];
      if (strays.length > 0) {
        warn(
          file,
          `Some characters are not covered by the bundled fonts and were set in ${strays.join(', ')}; add a font that covers them to templates/fonts.yml`,
          doc.place,
          'font-fallback',
        );
      }
    } catch (error) {
      fail(file, `Printing failed: ${(error as Error).message}`, doc.place, 'print');
      return undefined;
    }
  }
  if (hasErrors(file)) return undefined;
  const pdfPath = doc.pagePath.replace(/\.html$/, '.pdf');
  const files: Array<FileToWrite & PublishedFile> = [];
  if (context.formats.has('html')) {
    files.push({ file: path.join(context.outDir, doc.pagePath), data: html, path: doc.pagePath, bytes: Buffer.byteLength(html) });
  }
  if (pdf) {
    const { bytes, pages } = pdf;
    files.push({ file: path.join(context.outDir, pdfPath), data: bytes, path: pdfPath, bytes: bytes.length, pages });
  }
  await writeFilesTogether(files);
  return files.map(({ path: written, bytes, pages }) => (pages === undefined ? { path: written, bytes } : { path: written, bytes, pages }));
}
