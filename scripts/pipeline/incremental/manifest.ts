// The build manifest (read and written by manifest-file.ts): for each release, a
// digest of everything its outputs depend on and the files the build wrote for
// it. A rebuild compares digests to decide what to do, so a build with nothing
// changed hashes bytes and stats files but renders, prints and writes nothing.
// Only light modules are imported here: this module is on the no-change path.

import { execFile } from 'node:child_process';
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { onInterrupt, throwIfInterrupted } from '../core/interrupt.ts';
import { findBrowser } from '../print/find-browser.ts';
import type { BrowserRecord, DocumentRecord, Inputs, Manifest } from './manifest-types.ts';
import type { OutputFiles } from './output-files.ts';

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
  // The one-shot form: no Hash object per call, half the time for the short texts hashed per record.
  return hash('sha256', data);
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

/** The browser that will print, as the manifest records it; undefined when there is none. */
export async function currentBrowser(previous: BrowserRecord | undefined): Promise<BrowserRecord | undefined> {
  try {
    return await browserRecord(await findBrowser(), previous);
  } catch {
    // No browser: documents are planned as changed, and opening the pool reports it.
    return undefined;
  }
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
  const imagesJson = Object.keys(images).length === 0 ? '{}' : stableJson(images);
  return sha256(`[${inputsJsonOf(inputs)},${JSON.stringify(source)},${imagesJson}]`);
}

function inputsJsonOf(inputs: Inputs): string {
  if (inputsJson?.inputs !== inputs) inputsJson = { inputs, json: stableJson(inputs) };
  return inputsJson.json;
}

/**
 * The inputs (as JSON) each record's key was last found to be made from: the
 * key is a digest of them and the record's source, neither of which changes,
 * so a build from the same inputs (npm run dev keeps the last manifest's
 * records, manifest-file.ts) knows it without hashing 10,000 records again.
 */
const keyChecked = new WeakMap<DocumentRecord, string>();

/**
 * isUpToDate's answer for a record whose source is as recorded, when it can
 * be had without waiting: no image to hash, its outputs' folders listed.
 * Undefined otherwise. (10,000 records through isUpToDate's promises took a
 * third of a plan, its own work the rest.)
 */
export function upToDateNow(record: DocumentRecord, inputs: Inputs, outputs: OutputFiles): boolean | undefined {
  if (record.key === '' || Object.keys(record.images).length > 0) return undefined;
  const json = inputsJsonOf(inputs);
  if (keyChecked.get(record) !== json) {
    if (record.key !== documentKey(inputs, record.source, {})) return false;
    keyChecked.set(record, json);
  }
  return outputs.allExistNow(record.outputs.map((o) => o.path));
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
