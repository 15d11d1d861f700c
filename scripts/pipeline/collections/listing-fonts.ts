// The fonts a listing page links. A listing shows titles, category names and
// datelines in every language of the archive (a Japanese release in an English
// index), so, like a release page, it links the CJK set its characters need, cut
// to them (render/fonts.ts fontSetsFor), and owns those files in the manifest;
// linking `base` alone drew every Japanese title as boxes on a machine without
// CJK system fonts. A page kept from the last build keeps its files, and a set
// the last build's listing wrote is not cut again while the inputs are the same.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildFonts } from '../fonts/write-font-sets.ts';
import { writePageFonts } from '../fonts/write-font-sets.ts';
import { allExist } from '../incremental/manifest.ts';
import type { ListingFontsRecord } from '../incremental/manifest-types.ts';
import { fontSetsFor, fontsDir } from '../render/fonts.ts';
import type { SiteConfig } from '../schema/config.ts';

export class ListingFonts {
  /** Font files each page links, by page path: for the manifest, and so a later build keeps them. */
  readonly pages: Record<string, string[]> = {};
  /** Files per set name written (or found) in this build, so two pages with one set subset it once. */
  private readonly sets: Record<string, readonly string[]>;
  /** The last build's record, when it was made from the same inputs (fonts.yml, templates, program). */
  private readonly previous: ListingFontsRecord | undefined;

  constructor(
    private readonly where: { readonly outDir: string; readonly config: SiteConfig; readonly fonts: BuildFonts },
    /** Digest of the build's inputs. */
    private readonly inputs: string,
    previous: ListingFontsRecord | undefined,
  ) {
    this.sets = { ...where.fonts.files };
    this.previous = previous?.inputs === inputs ? previous : undefined;
  }

  /** A page not rendered again keeps the files it linked, if they are all still there; false: render it again. */
  async keep(page: string): Promise<boolean> {
    const files = this.previous?.pages[page];
    if (!files || !(await allExist(this.where.outDir, files))) return false;
    this.pages[page] = [...files];
    return true;
  }

  /** The sets a page showing `text` links, written when missing; its files are recorded for the page. */
  async link(page: string, text: string): Promise<string[]> {
    const { config } = this.where;
    const linked = fontSetsFor(config.lang, text, config);
    const fonts = { ...this.where.fonts, files: this.sets };
    for (const name of linked) {
      if (this.sets[name] !== undefined) continue;
      this.sets[name] = (await this.writtenBefore(name)) ?? (await writePageFonts({ ...this.where, fonts }, [name], config.lang, text));
    }
    this.pages[page] = [...new Set(linked.flatMap((name) => this.sets[name] ?? []))].sort();
    return linked;
  }

  /** Every font file the listing's pages link. */
  files(): string[] {
    return [...new Set(Object.values(this.pages).flat())].sort();
  }

  /** The record for the next build. */
  record(): ListingFontsRecord {
    return { inputs: this.inputs, pages: this.pages };
  }

  /** A set the last build's listing linked, still whole on disk: its stylesheet and the fonts it names. */
  private async writtenBefore(name: string): Promise<string[] | undefined> {
    const css = `${fontsDir}/${name}.css`;
    if (!this.previous || !Object.values(this.previous.pages).some((files) => files.includes(css))) return undefined;
    const text = await readFile(path.join(this.where.outDir, css), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const files = [css, ...[...text.matchAll(/url\("?([^")]+)"?\)/g)].map((m) => `${fontsDir}/${m[1]}`)];
    return (await allExist(this.where.outDir, files)) ? [...new Set(files)].sort() : undefined;
  }
}
