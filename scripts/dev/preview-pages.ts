// The pages `npm run dev` serves before the build has written them. A build
// writes each release's HTML and PDF together, after printing (about a second
// with a warm browser); the page itself is ready well before that. So dev keeps
// each rendered page here, serves it from memory at once, and drops it when the
// build has written the pair (or ended without writing it). The output folder
// never holds a new page beside an old PDF; meanwhile a request for a PDF waits
// for the pair, so the preview's PDF link never gives the PDF of before the edit.

/** What a rebuild's previews came to: the pages the build wrote as shown, and those it did not write. */
export interface PreviewOutcome {
  readonly written: readonly string[];
  readonly unwritten: readonly string[];
}

export class PreviewPages {
  /** Rendered, not yet written: page path -> HTML. */
  private readonly pending = new Map<string, string>();
  /** Previewed pages the build has since written, until the build ends. */
  private readonly written: string[] = [];
  private readonly waiters: Array<{ readonly path: string; readonly wake: () => void }> = [];

  /** A page rendered by the running build, not yet written. */
  rendered(pagePath: string, html: string): void {
    this.pending.set(pagePath, html);
  }

  /** The build wrote these files (one document's HTML and PDF): their pages are served from disk again. */
  wrote(paths: readonly string[]): void {
    for (const written of paths) {
      if (this.pending.delete(written)) this.written.push(written);
    }
    this.wake((path) => paths.includes(path) || this.pending.size === 0);
  }

  /** The build ended: every page is served from disk again; says which previews it wrote and which it did not (failed). */
  settle(): PreviewOutcome {
    const outcome = { written: this.written.splice(0), unwritten: [...this.pending.keys()] };
    this.pending.clear();
    this.wake(() => true);
    return outcome;
  }

  /** The page's HTML while it is rendered but not yet written. */
  page(pagePath: string): string | undefined {
    return this.pending.get(pagePath);
  }

  /** The pages served from memory now, their PDFs still being made. */
  printing(): string[] {
    return [...this.pending.keys()];
  }

  /**
   * Resolves when `path` (a PDF) may be read from disk: at once when no page is
   * waiting for its PDF, else when a document writes it, when no previewed page
   * is left unwritten, or when the build ends.
   */
  fileReady(path: string): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((wake) => this.waiters.push({ path, wake }));
  }

  private wake(ready: (path: string) => boolean): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (!waiter || !ready(waiter.path)) continue;
      this.waiters.splice(i, 1);
      waiter.wake();
    }
  }
}
