// The manifest file, <out>/.briefing-manifest.json, read and written. A
// process that builds again (npm run dev) keeps the manifest it wrote last and
// takes it back while the file is as written: at 10,000 releases reading it
// was 9 MB of JSON to parse (90-110 ms) and writing it 9 MB to serialize and
// compare, for each edit. Only node built-ins are imported: this module is on
// the no-change path.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { manifestName } from '../core/output-paths.ts';
import { writeFileAtomic } from '../write/write-output.ts';
import { stableJson } from './manifest.ts';
import { type DocumentRecord, type Manifest, manifestVersion } from './manifest-types.ts';

export { manifestName };

/**
 * The manifest this process last wrote to each file, with the file's facts
 * just after: a process that builds again (npm run dev) takes it from here
 * while the file is as written, rather than reading and parsing it (9 MB of
 * JSON at 10,000 releases, 90-110 ms), and comparing its text. The next build
 * gets the very records of the last, unchanged: no build changes a manifest
 * or a record in place (a kept record is kept as it is or copied).
 */
const written = new Map<string, { readonly facts: string; readonly manifest: Manifest; readonly text: string }>();

/** What tells a file changed since: size, modification and change times, inode (a restore sets mtime, never ctime). */
async function fileFacts(file: string): Promise<string | undefined> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info && `${info.size} ${info.mtimeNs} ${info.ctimeNs} ${info.ino}`;
}

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const file = path.join(outDir, manifestName);
  const known = await lastWrittenManifest(outDir);
  if (known) return known;
  written.delete(file);
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    return parsed.version === manifestVersion && parsed.documents && parsed.inputs && parsed.fonts ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest this process last wrote (or found already written) to `outDir`'s manifest file, if the file is still as it left it. */
export async function lastWrittenManifest(outDir: string): Promise<Manifest | undefined> {
  const file = path.join(outDir, manifestName);
  const known = written.get(file);
  return known && known.facts === (await fileFacts(file)) ? known.manifest : undefined;
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
  const text = `${manifestText(manifest)}\n`;
  const file = path.join(outDir, manifestName);
  const known = written.get(file);
  const facts = await fileFacts(file);
  const old = known && known.facts === facts ? known.text : await readFile(file, 'utf8').catch(() => undefined);
  if (old === text) {
    if (facts) remember(file, { facts, manifest, text });
    return false;
  }
  written.delete(file);
  await writeFileAtomic(file, text);
  const now = await fileFacts(file);
  if (now) remember(file, { facts: now, manifest, text });
  return true;
}

/** Kept for the few output folders written last: a test run builds into hundreds. */
function remember(file: string, entry: { readonly facts: string; readonly manifest: Manifest; readonly text: string }): void {
  written.delete(file);
  written.set(file, entry);
  for (const oldest of written.keys()) {
    if (written.size <= 4) break;
    written.delete(oldest);
  }
}

/** Each record's JSON in the manifest, made once per record object (a kept record is the last build's). */
const recordJson = new WeakMap<DocumentRecord, string>();

/** `stableJson(manifest)`, byte for byte, with each record's JSON made once. */
export function manifestText(manifest: Manifest): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value === undefined) continue;
    if (key !== 'documents') {
      parts.push(`${JSON.stringify(key)}:${stableJson(value)}`);
      continue;
    }
    const records = Object.entries(manifest.documents)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, record]) => {
        let json = recordJson.get(record);
        if (json === undefined) {
          json = stableJson(record);
          recordJson.set(record, json);
        }
        return `${JSON.stringify(name)}:${json}`;
      });
    parts.push(`"documents":{${records.join(',')}}`);
  }
  return `{${parts.join(',')}}`;
}
