// The build-wide inputs every release depends on: this program's sources and
// lock file, the templates, the site config, the font packages, Chromium's
// version. Computed from raw bytes only, on the no-change path.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { digest, sha256, toPosix } from './manifest.ts';
import type { Inputs, Manifest } from './manifest-types.ts';

const pipelineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectRoot = path.resolve(pipelineDir, '../..');

export interface InputOptions {
  readonly contentDir: string;
  readonly templatesDir: string;
  readonly formats: ReadonlySet<string>;
  /** The previous manifest: its font package list is reused while templates/ is unchanged. */
  readonly previous: Manifest | undefined;
  /** Chromium's version; undefined when no PDF is made. */
  readonly browserVersion: string | undefined;
}

/** The build-wide inputs, from raw bytes only (nothing parsed, nothing rendered). */
export async function computeInputs(options: InputOptions): Promise<{ inputs: Inputs; fontPackages: string[] }> {
  const [pipeline, templates, config] = await Promise.all([
    pipelineDigest(),
    folderDigest(options.templatesDir),
    readFile(path.join(options.contentDir, 'site.yml')).then(sha256, () => 'none'),
  ]);
  const fontPackages =
    options.previous && options.previous.inputs.templates === templates
      ? [...options.previous.fonts.packages]
      : await import('../render/fonts.ts').then(({ loadFontSets }) =>
          [...loadFontSets(options.templatesDir).values()].flatMap((set) => set.versions.map((v) => v.slice(0, v.lastIndexOf('@')))),
        );
  const inputs: Inputs = {
    pipeline,
    templates,
    config,
    fonts: digest(fontPackages.map((name) => `${name}@${fontPackageVersion(name, options.templatesDir)}`)),
    browser: options.browserVersion ?? 'none',
    formats: [...options.formats].sort().join(','),
    epoch: process.env.SOURCE_DATE_EPOCH ?? '',
  };
  return { inputs, fontPackages };
}

let pipelineCache: Promise<string> | undefined;
/** A change to the program rebuilds everything: its version, its dependencies' lock file, its sources. */
function pipelineDigest(): Promise<string> {
  pipelineCache ??= (async () => {
    const hash = createHash('sha256');
    for (const file of [path.join(projectRoot, 'package.json'), path.join(projectRoot, 'package-lock.json')]) {
      hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
    }
    // Every stage folder: a change anywhere in the pipeline rebuilds everything.
    const entries = await readdir(pipelineDir, { recursive: true, withFileTypes: true });
    const names = entries
      .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
      .map((e) => toPosix(path.relative(pipelineDir, path.join(e.parentPath, e.name))))
      .sort();
    for (const name of names) hash.update(name).update(await readFile(path.join(pipelineDir, name)));
    return hash.digest('hex');
  })();
  return pipelineCache;
}

async function folderDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of files)
    hash
      .update(toPosix(path.relative(dir, file)))
      .update('\0')
      .update(await readFile(file));
  return hash.digest('hex');
}

/** Resolves like fonts.ts: from the templates' folder first, then from this project. */
function fontPackageVersion(name: string, templatesDir: string): string {
  for (const from of [path.join(path.resolve(templatesDir), 'fonts.yml'), path.join(pipelineDir, 'render/fonts.ts')]) {
    try {
      const file = createRequire(from).resolve(`${name}/package.json`);
      return (createRequire(from)(file) as { version: string }).version;
    } catch {
      // try the next one
    }
  }
  return 'missing';
}
