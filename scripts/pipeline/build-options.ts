// What a caller (the CLI, `npm run dev`, the tests) can ask of a build.
import type { BuildPlan, DocumentResult, Format } from './core/types.ts';
import type { Shard } from './incremental/shard.ts';
import type { WatchedSources } from './incremental/source-facts.ts';
import type { PrintPool } from './print/print-pdf.ts';

/** A release's page as it will be written, handed out before it is printed (see `onPageRendered`). */
export interface RenderedPage {
  /** Its path in the output folder (`nato/2023-04-04-x.html`). */
  readonly pagePath: string;
  readonly html: string;
}

export interface BuildOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  /** Build only these release files; the listing still lists every release. */
  readonly files?: readonly string[] | undefined;
  readonly formats?: ReadonlySet<Format> | undefined;
  /** Pages printing at once (default: number of cores). */
  readonly concurrency?: number | undefined;
  /** Rebuild every document even when the manifest says it is up to date (default: false). */
  readonly force?: boolean | undefined;
  /** Build only this shard of the releases and no listing; `--merge` makes the listing later. */
  readonly shard?: Shard | undefined;
  /** Keep the browser warm for the next build for this many idle seconds (`--keep-browser`); 0 or absent: close it with the build. */
  readonly keepBrowserSeconds?: number | undefined;
  /** Called when this build started the kept browser. */
  readonly onKeeperStarted?: (() => void) | undefined;
  /**
   * A browser pool the caller keeps open between builds (watch mode); asked for
   * on first need with the site config's print timeout, never closed here.
   */
  readonly pool?: ((wanted: { readonly timeoutMs: number }) => Promise<PrintPool>) | undefined;
  /** The build's clock (`--now`): decides only whether an embargo has lifted. Default: the system clock. */
  readonly now?: Date | undefined;
  /** From a caller watching the content folder (npm run dev): which sources changed since its last build (dev/changed-sources.ts). */
  readonly watched?: WatchedSources | undefined;
  /** Called once the build knows what it will do. */
  readonly onPlan?: ((plan: BuildPlan) => void) | undefined;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
  /**
   * Called with each release's page once it is rendered and its images are on
   * disk, before it is printed. Its HTML and PDF are still written together,
   * later (then `onDocument`): `npm run dev` serves this copy meanwhile, so an
   * edit shows without waiting for the PDF.
   */
  readonly onPageRendered?: ((page: RenderedPage) => void) | undefined;
}
