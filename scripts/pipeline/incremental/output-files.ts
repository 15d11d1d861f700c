// Whether the files a manifest records are still in the output folder, from
// one listing per folder instead of one stat per file: the plan of a build
// over 10,000 releases asks about 20,000 files, nearly all in one folder.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export class OutputFiles {
  private readonly folders = new Map<string, Promise<ReadonlySet<string>>>();
  /** The folders whose listing has arrived. */
  private readonly listed = new Map<string, ReadonlySet<string>>();

  constructor(private readonly outDir: string) {}

  /** Whether every file (relative to the output folder, `/` separators) is there, as the folders stood when first listed. */
  async allExist(files: readonly string[]): Promise<boolean> {
    for (const file of files) {
      const cut = file.lastIndexOf('/');
      const names = await this.list(cut === -1 ? '' : file.slice(0, cut));
      if (!names.has(file.slice(cut + 1))) return false;
    }
    return true;
  }

  /**
   * The same answer without waiting, when every folder the files are in has
   * been listed (`listRoot`); undefined when one has not.
   */
  allExistNow(files: readonly string[]): boolean | undefined {
    for (const file of files) {
      const cut = file.lastIndexOf('/');
      const names = this.listed.get(cut === -1 ? '' : file.slice(0, cut));
      if (!names) return undefined;
      if (!names.has(file.slice(cut + 1))) return false;
    }
    return true;
  }

  /** Lists the output folder itself, where every release's page and PDF are, for allExistNow. */
  async listRoot(): Promise<void> {
    await this.list('');
  }

  private list(folder: string): Promise<ReadonlySet<string>> {
    let names = this.folders.get(folder);
    if (!names) {
      names = readdir(path.join(this.outDir, folder), { withFileTypes: true }).then(
        (entries) => new Set(entries.filter((e) => e.isFile()).map((e) => e.name)),
        () => new Set<string>(),
      );
      names.then((listed) => this.listed.set(folder, listed));
      this.folders.set(folder, names);
    }
    return names;
  }
}
