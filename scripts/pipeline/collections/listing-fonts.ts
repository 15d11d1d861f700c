// The fonts a listing page links. A listing shows titles, category names and
// datelines in every language of the archive (a Japanese release in an English
// index), so, like a release page, it links the CJK set its characters need, cut
// to them (render/fonts.ts fontSetsFor), and owns those files in the manifest;
// linking `base` alone drew every Japanese title as boxes on a machine without
// CJK system fonts. A page kept from the last build keeps its sets, and a set
// the last build's listing wrote is not cut again while the inputs are the same
// (fonts/write-font-sets.ts reuses it as it does a release's).
import { type BuildFonts, writeFontSets } from '../fonts/write-font-sets.ts';
import { allExist } from '../incremental/manifest.ts';
import type { ListingFontsRecord } from '../incremental/manifest-types.ts';
import { fontSetsFor } from '../render/fonts.ts';
import { subsetCharacters } from '../render/page-characters.ts';
import type { SiteConfig } from '../schema/config.ts';

export class ListingFonts {
  /** The sets each page links, by page path. */
  private readonly pages: Record<string, readonly string[]> = {};
  /** Files per set name written (or found) in this build, so two pages with one set subset it once. */
  private readonly sets: Record<string, readonly string[]>;
  /** The last build's record, when it was made from the same inputs (fonts.yml, templates, program). */
  private readonly previous: ListingFontsRecord | undefined;
  /** Whether each font file is in the output folder, asked once: a year page of each category links the same files. */
  private readonly present = new Map<string, Promise<boolean>>();

  constructor(
    private readonly where: { readonly outDir: string; readonly config: SiteConfig; readonly fonts: BuildFonts },
    /** Digest of the build's inputs. */
    private readonly inputs: string,
    previous: ListingFontsRecord | undefined,
  ) {
    this.sets = { ...where.fonts.files };
    this.previous = previous?.inputs === inputs ? previous : undefined;
  }

  /** A page not rendered again keeps the sets it linked, if their files are all still there; false: render it again. */
  async keep(page: string): Promise<boolean> {
    const names = this.previous?.pages[page];
    if (!names) return false;
    const found: Array<readonly string[]> = [];
    for (const name of names) {
      const files = this.sets[name] ?? this.previous?.sets?.[name];
      if (!files) return false;
      found.push(files);
    }
    if (!(await this.allPresent(found.flat()))) return false;
    names.forEach((name, i) => {
      this.sets[name] = found[i] ?? [];
    });
    this.pages[page] = names;
    return true;
  }

  private async allPresent(files: readonly string[]): Promise<boolean> {
    const answers = files.map((file) => {
      let answer = this.present.get(file);
      if (!answer) {
        answer = allExist(this.where.outDir, [file]);
        this.present.set(file, answer);
      }
      return answer;
    });
    return (await Promise.all(answers)).every(Boolean);
  }

  /** The sets a page showing `text` links, written when missing. */
  async link(page: string, text: string): Promise<string[]> {
    const { config, outDir, fonts } = this.where;
    const linked = fontSetsFor(config.lang, text, config);
    const missing = linked.filter((name) => this.sets[name] === undefined);
    if (missing.length > 0) {
      const characters = subsetCharacters(config.lang, text, config);
      const previous = this.previous && { fonts: { packages: [], sets: this.previous.sets ?? {} } };
      Object.assign(
        this.sets,
        await writeFontSets(await fonts.sets(), outDir, new Map(missing.map((name) => [name, characters])), previous),
      );
    }
    this.pages[page] = linked;
    return linked;
  }

  /** Every font file the listing's pages link. */
  files(): string[] {
    return [...new Set(Object.values(this.record().sets).flat())].sort();
  }

  /** The record for the next build: the sets the pages link, and their files. */
  record(): ListingFontsRecord {
    const names = [...new Set(Object.values(this.pages).flat())].sort();
    return { inputs: this.inputs, sets: Object.fromEntries(names.map((name) => [name, this.sets[name] ?? []])), pages: this.pages };
  }
}
