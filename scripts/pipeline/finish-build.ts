// After the documents, for a build and for `--merge` alike: the collections,
// removal of files no release makes any more, and the manifest, written last
// so that it never claims files that are not there.
import { collectionsKey, packsDigest } from './collections/collections.ts';
import type { LoadedRelease } from './collections/pack-releases.ts';
import { creator } from './core/product.ts';
import type { DocumentResult, Format } from './core/types.ts';
import type { BuildFonts } from './fonts/write-font-sets.ts';
import { allExist, removeStale } from './incremental/manifest.ts';
import { writeManifest } from './incremental/manifest-file.ts';
import type { Manifest } from './incremental/manifest-types.ts';
import type { PrintPool } from './print/print-pdf.ts';
import type { TemplateEngine } from './render/render-template.ts';
import type { SiteConfig } from './schema/config.ts';

export interface FinishOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly formats: ReadonlySet<Format>;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
  readonly previous: Manifest | undefined;
  /** The new manifest without its collections, which this step adds (unless it is a shard). */
  readonly manifest: Manifest;
  readonly force: boolean;
  readonly config: SiteConfig;
  readonly getEngine: () => Promise<TemplateEngine>;
  /** The build's print pool, for the packs; without it they open one of their own. */
  readonly pool?: (() => Promise<PrintPool>) | undefined;
  /** The releases this build loaded, for the packs (no second read); `--merge` has none. */
  readonly releases?: readonly LoadedRelease[] | undefined;
  /** The font sets and the files the documents' pages link (the manifest's), for the packs. */
  readonly fonts: BuildFonts;
}

/**
 * After the documents, for a build and for `--merge` alike: the collections
 * (skipped for a shard, and when their digest is unchanged), removal of files
 * no release makes any more, and the manifest. Returns the files removed and
 * the packs' results.
 */
export async function finishBuild(options: FinishOptions): Promise<{ removed: string[]; packs: DocumentResult[] }> {
  const { previous, outDir } = options;
  let manifest = options.manifest;
  let packs: DocumentResult[] = [];
  if (!manifest.shard) {
    const packFiles = await packsDigest(options.contentDir);
    const key = collectionsKey(manifest.inputs, manifest.documents, packFiles);
    const old = previous?.collections;
    const current = !options.force && old?.key === key && (await allExist(outDir, old.outputs));
    if (current) manifest = { ...manifest, collections: { ...old, packFiles } };
    else {
      const { writeCollections } = await import('./collections/collections.ts');
      const written = await writeCollections({
        contentDir: options.contentDir,
        outDir,
        templatesDir: options.templatesDir,
        formats: options.formats,
        creator,
        onDocument: options.onDocument,
        config: options.config,
        engine: await options.getEngine(),
        documents: manifest.documents,
        pool: options.pool,
        releases: options.releases,
        inputs: manifest.inputs,
        previous: options.force ? undefined : previous,
        fonts: options.fonts,
      });
      packs = [...written.packs];
      // A pack that failed keeps its last good files (and the fonts they link); an empty key builds the collections again next time.
      const failed = packs.some((p) => !p.ok);
      const lastGood = failed
        ? [...(old?.outputs.filter((o) => o.startsWith('packs/')) ?? []), ...Object.values(old?.packs ?? {}).flatMap((p) => p.outputs)]
        : [];
      const outputs = [...new Set([...written.outputs, ...lastGood])].sort();
      manifest = { ...manifest, collections: { key: failed ? '' : key, outputs, ...written.record, packFiles } };
    }
  }
  const removed = await removeStale(outDir, previous, manifest);
  await writeManifest(outDir, manifest);
  return { removed, packs };
}
