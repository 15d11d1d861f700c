// What a build returns: the CLI, `npm run dev` and the tests decide what to show.
import type { VFile } from 'vfile';
import type { DocumentResult } from './core/types.ts';
import type { OutputRecord } from './incremental/manifest-types.ts';

export interface BuildReport {
  readonly documents: readonly DocumentResult[];
  /** Files with problems not tied to one release (site config). */
  readonly other: readonly VFile[];
  readonly built: number;
  readonly failed: number;
  /** Releases the manifest showed unchanged, so not built again. */
  readonly upToDate: number;
  /** Files of earlier builds removed because no release makes them any more. */
  readonly removed: readonly string[];
  readonly ms: number;
}

/** The report of a build that started at `started` (performance.now()). */
export function buildReport(
  documents: readonly DocumentResult[],
  other: readonly VFile[],
  upToDate: number,
  removed: readonly string[],
  started: number,
): BuildReport {
  const failed = documents.filter((r) => !r.ok).length;
  return {
    documents,
    other,
    built: documents.length - failed,
    failed,
    upToDate,
    removed,
    ms: Math.round(performance.now() - started),
  };
}

/** One release's result, for the progress line and `--json`: its outputs, the PDF's pages and size. */
export function documentResult(
  file: VFile,
  slug: string | undefined,
  ok: boolean,
  outputs: readonly OutputRecord[],
  started: number,
): DocumentResult {
  const pdf = outputs.find((o) => o.path.endsWith('.pdf'));
  const ms = Math.round(performance.now() - started);
  return { file, slug, ok, outputs: outputs.map((o) => o.path), pages: pdf?.pages, bytes: pdf?.bytes, ms };
}
