// The build manifest, <out>/.briefing-manifest.json: for each release, a digest
// of everything its outputs depend on and the files the build wrote for it. A
// rebuild compares digests to decide what to do, so a build with nothing changed
// hashes bytes and stats files but renders, prints and writes nothing. Only node
// built-ins are imported here: this module is on the no-change path.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { onInterrupt, throwIfInterrupted } from '../core/interrupt.ts';
import { manifestName } from '../core/output-paths.ts';
import { writeFileAtomic } from '../write/write-output.ts';
import { type BrowserRecord, type DocumentRecord, type Inputs, type Manifest, manifestVersion } from './manifest-types.ts';
import type { OutputFiles } from './output-files.ts';

export { manifestName };

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(outDir, manifestName), 'utf8')) as Partial<Manifest>;
    return parsed.version === manifestVersion && parsed.documents && parsed.inputs && parsed.fonts ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Marks a folder with no manifest as a build's before anything else is written
 * into it: a first build stopped halfway (Ctrl-C, a crash) leaves releases and
 * no manifest, and the next build would refuse the folder as one no build made
 * (write/output-folder.ts). The mark is a manifest with no records, which
 * readManifest reads as none, so the next build builds everything.
 */
export async function claimOutputFolder(outDir: string): Promise<void> {
  const file = path.join(outDir, manifestName);
  if (!existsSync(file)) await writeFileAtomic(file, `${stableJson({ version: manifestVersion })}\n`);
}

/** Writes the manifest unless the file already holds the same text; returns whether it wrote. */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<boolean> {
  const text = `${stableJson(manifest)}\n`;
  const file = path.join(outDir, manifestName);
  const old = await readFile(file, 'utf8').catch(() => undefined);
  if (old === text) return false;
  await writeFileAtomic(file, text);
  return true;
}

/**
 * JSON with object keys sorted, so equal manifests are equal bytes (sharded and
 * unsharded builds). An object whose keys are already in order (every record
 * read back from the last manifest) is passed as it is: copying each one, as
 * this did, took 0.3-0.75 s for the manifest of 10,000 releases, against 0.12 s.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.every((key, i) => i === 0 || (keys[i - 1] as string) <= key)) return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(keys.sort().map((key) => [key, record[key]]));
  });
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function digest(...parts: readonly unknown[]): string {
  return sha256(stableJson(parts));
}

export const toPosix = (p: string): string => p.split(path.sep).join('/');

/**
 * Chromium's version without starting a browser for a page: `--version` is run
 * once per executable and remembered in the manifest by path, mtime and size.
 */
export async function browserRecord(executable: string, previous: BrowserRecord | undefined): Promise<BrowserRecord> {
  const info = await stat(executable);
  if (previous && previous.executable === executable && previous.mtimeMs === info.mtimeMs && previous.size === info.size) return previous;
  throwIfInterrupted(); // stopped during the stat: no process starts after the cleanups ran
  const version = await new Promise<string>((resolve) => {
    const probe = execFile(executable, ['--version'], { timeout: 30_000 }, (error, stdout) => {
      forget();
      resolve(error ? `unknown ${executable} ${info.mtimeMs} ${info.size}` : stdout.trim());
    });
    // Stopped meanwhile, the build exits once the probe has (a few hundred ms at most), not before:
    // none of its processes outlives it. Not killed: Debian's chromium script runs commands of its own first.
    const forget = onInterrupt(() => new Promise((ended) => probe.once('close', () => ended())));
  });
  return { executable, mtimeMs: info.mtimeMs, size: info.size, version };
}

/** Digests of files, each read once however many documents use it. */
export class FileDigests {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  get(file: string): Promise<string | undefined> {
    let entry = this.cache.get(file);
    if (!entry) {
      entry = readFile(file).then(sha256, () => undefined);
      this.cache.set(file, entry);
    }
    return entry;
  }
}

let inputsJson: { readonly inputs: Inputs; readonly json: string } | undefined;
/** `digest(inputs, source, images)`, byte for byte, with the inputs' JSON made once per build rather than once per release. */
export function documentKey(inputs: Inputs, source: string, images: Readonly<Record<string, string>>): string {
  if (inputsJson?.inputs !== inputs) inputsJson = { inputs, json: stableJson(inputs) };
  return sha256(`[${inputsJson.json},${JSON.stringify(source)},${stableJson(images)}]`);
}

/** Whether a recorded document is still what a build would make now. */
export async function isUpToDate(
  record: DocumentRecord | undefined,
  options: { inputs: Inputs; source: string; contentDir: string; outDir: string; digests: FileDigests; outputs?: OutputFiles },
): Promise<boolean> {
  if (!record || record.key === '' || record.source !== options.source) return false;
  const images: Record<string, string> = {};
  for (const image of Object.keys(record.images)) {
    const current = await options.digests.get(path.join(options.contentDir, image));
    if (current === undefined) return false;
    images[image] = current;
  }
  if (record.key !== documentKey(options.inputs, options.source, images)) return false;
  const files = [...record.outputs.map((o) => o.path), ...imageOutputs(record)];
  return await (options.outputs ? options.outputs.allExist(files) : allExist(options.outDir, files));
}

export const imageOutputs = (record: DocumentRecord): string[] => Object.keys(record.images).map((image) => `assets/${image}`);

export async function allExist(outDir: string, files: readonly string[]): Promise<boolean> {
  const found = await Promise.all(
    files.map((f) =>
      stat(path.join(outDir, f)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}

/** Every file a manifest says its build wrote. */
export function ownedFiles(manifest: Manifest | undefined): Set<string> {
  const owned = new Set<string>();
  if (!manifest) return owned;
  for (const record of Object.values(manifest.documents)) {
    for (const output of record.outputs) owned.add(output.path);
    for (const image of imageOutputs(record)) owned.add(image);
  }
  for (const files of Object.values(manifest.fonts.sets)) for (const file of files) owned.add(file);
  for (const file of manifest.collections?.outputs ?? []) owned.add(file);
  return owned;
}

/** Removes files the old build made and the new one did not; never anything else. Returns them. */
export async function removeStale(outDir: string, before: Manifest | undefined, after: Manifest): Promise<string[]> {
  const keep = ownedFiles(after);
  const root = path.resolve(outDir);
  const removed: string[] = [];
  for (const file of ownedFiles(before)) {
    if (keep.has(file)) continue;
    const target = path.resolve(root, file);
    const relative = path.relative(root, target);
    if (relative.startsWith('..') || path.isAbsolute(relative) || !existsSync(target)) continue;
    await rm(target, { force: true });
    removed.push(file);
  }
  return removed.sort();
}
