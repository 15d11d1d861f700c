// The types that pass between stages and the orchestrator. They live here, below
// every stage, so a stage never imports the orchestrator (or a later stage) for
// a type.
import type { VFile } from 'vfile';

export type Format = 'html' | 'pdf';

/** What one document (a release or a pack) came to: shown by the CLI, the progress bar and `--json`. */
export interface DocumentResult {
  readonly file: VFile;
  readonly slug?: string | undefined;
  readonly ok: boolean;
  readonly outputs: readonly string[];
  readonly pages?: number | undefined;
  readonly bytes?: number | undefined;
  readonly ms: number;
}

/** What the build found to do, before it does it. */
export interface BuildPlan {
  readonly toBuild: number;
  readonly upToDate: number;
}

/** A release as the listing, the feed and the manifest know it: facts only, no body. */
export interface ListedRelease {
  readonly title: string;
  readonly date: string;
  readonly lang: string;
  readonly slug: string;
  readonly summary?: string | undefined;
  readonly category?: { readonly name: string; readonly slug: string } | undefined;
  /** The dated instant, RFC 3339 (the feed's `<published>`); absent in records from before it was kept. */
  readonly published?: string | undefined;
  /** A correction's instant, RFC 3339 (the feed's `<updated>`). */
  readonly updated?: string | undefined;
  /** `press-release`, `statement`, …; the listing names it. */
  readonly type?: string | undefined;
  /** Its front matter `tags`, so a pack selecting by tag knows without loading it whether a changed release joins it; absent in records from before they were kept. */
  readonly tags?: readonly string[] | undefined;
  /** Language versions of one release share it. */
  readonly key?: string | undefined;
  /** When the embargo lifts, RFC 3339. */
  readonly embargo?: string | undefined;
  /** True when the build that made the record was before the embargo: then it is not listed, and the next build after it rebuilds. */
  readonly embargoed?: boolean | undefined;
  /** Facts about the PDF when one exists. */
  readonly pdf?: { readonly bytes: number; readonly pages: number } | undefined;
}
