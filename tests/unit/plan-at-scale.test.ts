// The plan's shortcuts for large archives (incremental/): each must give the
// answer the long way gives.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionsKey } from '../../scripts/pipeline/collections/collections.ts';
import { shownRecord } from '../../scripts/pipeline/collections/pack-changes.ts';
import { digest, documentKey, stableJson, upToDateNow } from '../../scripts/pipeline/incremental/manifest.ts';
import { manifestText, readManifest, writeManifest } from '../../scripts/pipeline/incremental/manifest-file.ts';
import type { DocumentRecord, Inputs, Manifest } from '../../scripts/pipeline/incremental/manifest-types.ts';
import { OutputFiles } from '../../scripts/pipeline/incremental/output-files.ts';
import { keptAsRecorded, restatted } from '../../scripts/pipeline/incremental/plan.ts';
import { contentRelative } from '../../scripts/pipeline/incremental/source-facts.ts';
import { tempDir } from '../helpers/project.ts';

const inputs: Inputs = { pipeline: 'p', templates: 't', config: 'c', fonts: 'f', browser: 'b', formats: 'html,pdf', epoch: '' };
const stat = { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 };
const record = (name: string): DocumentRecord => ({
  key: `k-${name}`,
  stat,
  source: `s-${name}`,
  images: { 'images/b.png': 'x', 'images/a.png': 'y' },
  outputs: [{ path: `${name}.html`, bytes: 1 }],
  fontSets: ['base'],
});
const manifest = (documents: Record<string, DocumentRecord>): Manifest => ({
  version: 2,
  inputs,
  fonts: { packages: [], sets: {} },
  documents,
});

describe('documentKey', () => {
  it('is digest(inputs, source, images), byte for byte, for other inputs too', () => {
    expect(documentKey(inputs, 'abc"\\', record('a').images)).toBe(digest(inputs, 'abc"\\', record('a').images));
    const other = { ...inputs, templates: 'u' };
    expect(documentKey(other, 'abc', {})).toBe(digest(other, 'abc', {}));
  });
});

describe('contentRelative', () => {
  it('gives what path.relative gives, with / separators, inside the content folder and out of it', () => {
    const content = path.resolve('/srv/site/content');
    for (const source of ['a.md', 'news/2024/b.md', '../elsewhere/c.md', '../content-other/d.md']) {
      const file = path.join(content, source);
      expect(contentRelative(content, file)).toBe(path.relative(content, file).split(path.sep).join('/'));
    }
    expect(contentRelative(path.parse(content).root, path.join(content, 'a.md'))).toBe('srv/site/content/a.md');
  });
});

describe('keptAsRecorded', () => {
  const previous = manifest({ 'a.md': record('a'), 'b.md': record('b') });
  it('holds for the same records, and for records whose stat alone moved', () => {
    expect(keptAsRecorded(previous, { ...previous.documents })).toBe(true);
    const touched = { ...previous.documents, 'a.md': { ...record('a'), stat: { ...stat, mtimeMs: 2 } } };
    expect(keptAsRecorded(previous, touched)).toBe(false); // a new object: its values are not the recorded ones
    const same = { ...previous.documents, 'a.md': { ...(previous.documents['a.md'] as DocumentRecord), stat: { ...stat, mtimeMs: 2 } } };
    expect(keptAsRecorded(previous, same)).toBe(true);
    expect(restatted(previous.documents, same)).toBe(true);
    expect(restatted(previous.documents, { ...previous.documents })).toBe(false);
  });
  it('fails for a deleted, added or changed record', () => {
    const { 'b.md': _b, ...withoutB } = previous.documents;
    expect(keptAsRecorded(previous, withoutB)).toBe(false);
    expect(keptAsRecorded(previous, { ...previous.documents, 'c.md': record('c') })).toBe(false);
    const changed = { ...previous.documents, 'a.md': { ...(previous.documents['a.md'] as DocumentRecord), key: 'other' } };
    expect(keptAsRecorded(previous, changed)).toBe(false);
  });
});

describe('OutputFiles', () => {
  it('answers without waiting only for folders already listed', async () => {
    const dir = tempDir('briefing-output-files-');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'a.html'), '');
    writeFileSync(path.join(dir, 'assets/x.png'), '');
    const files = new OutputFiles(dir);
    expect(files.allExistNow(['a.html'])).toBeUndefined();
    await files.listRoot();
    expect(files.allExistNow(['a.html'])).toBe(true);
    expect(files.allExistNow(['b.html'])).toBe(false);
    expect(files.allExistNow(['a.html', 'assets/x.png'])).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds files from one listing per folder, and not folders or missing files', async () => {
    const dir = tempDir('briefing-output-files-');
    mkdirSync(path.join(dir, 'assets/images'), { recursive: true });
    writeFileSync(path.join(dir, 'a.html'), '');
    writeFileSync(path.join(dir, 'assets/images/x.png'), '');
    const files = new OutputFiles(dir);
    expect(await files.allExist(['a.html', 'assets/images/x.png'])).toBe(true);
    expect(await files.allExist(['a.html', 'b.html'])).toBe(false);
    expect(await files.allExist(['assets'])).toBe(false);
    expect(await files.allExist(['missing/x.png'])).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('upToDateNow', () => {
  it('settles a record without images whose outputs are listed, and leaves the rest to isUpToDate', async () => {
    const dir = tempDir('briefing-up-to-date-');
    writeFileSync(path.join(dir, 'a.html'), '');
    const outputs = new OutputFiles(dir);
    await outputs.listRoot();
    const plain: DocumentRecord = { ...record('a'), images: {}, key: documentKey(inputs, 's-a', {}) };
    expect(upToDateNow(plain, inputs, outputs)).toBe(true);
    expect(upToDateNow(plain, inputs, outputs)).toBe(true); // its key known to hold for these inputs
    expect(upToDateNow(plain, { ...inputs, templates: 'u' }, outputs)).toBe(false); // and only for these
    expect(upToDateNow({ ...plain, key: 'other' }, inputs, outputs)).toBe(false);
    expect(upToDateNow({ ...plain, outputs: [{ path: 'b.html', bytes: 1 }] }, inputs, outputs)).toBe(false);
    expect(upToDateNow({ ...plain, key: '' }, inputs, outputs)).toBeUndefined();
    expect(upToDateNow(record('a'), inputs, outputs)).toBeUndefined(); // images: their bytes must be hashed
    rmSync(dir, { recursive: true, force: true });
  });
});

// Each record's JSON is made once and reused (collections/record-views.ts,
// incremental/manifest-file.ts): the texts must be those of the whole objects.
describe('JSON made record by record', () => {
  const odd: DocumentRecord = { ...record('b'), outputs: [{ path: 'é "x".html', bytes: 2, pages: 3 }] };
  const documents = { 'z.md': record('z'), 'a/é.md': odd, 'A.md': record('A'), 'a "q".md': record('q') };

  it('gives the manifest text stableJson gives, records reused or not', () => {
    const full = { ...manifest(documents), shard: undefined, collections: { key: 'k', outputs: ['index.html'] } } as Manifest;
    expect(manifestText(full)).toBe(stableJson(full));
    expect(manifestText(full)).toBe(stableJson(full)); // the second time from the records' kept JSON
    expect(manifestText(manifest({}))).toBe(stableJson(manifest({})));
  });

  it('gives the collections key the digest of the shown records gives', () => {
    const shown = Object.fromEntries(Object.entries(documents).map(([name, r]) => [name, shownRecord(r)]));
    expect(collectionsKey(inputs, documents, 'packs"')).toBe(digest(inputs, shown, 'packs"'));
    expect(collectionsKey(inputs, {}, '')).toBe(digest(inputs, {}, ''));
  });

  it('reads back the manifest it wrote, and the file when it changed', async () => {
    const dir = tempDir('briefing-manifest-');
    const written = manifest({ 'a.md': record('a') });
    expect(await writeManifest(dir, written)).toBe(true);
    expect(await readManifest(dir)).toBe(written);
    expect(await writeManifest(dir, manifest({ 'a.md': record('a') }))).toBe(false);
    writeFileSync(path.join(dir, '.briefing-manifest.json'), `${stableJson(manifest({ 'b.md': record('b') }))}\n`);
    expect(Object.keys((await readManifest(dir))?.documents ?? {})).toEqual(['b.md']);
    rmSync(dir, { recursive: true, force: true });
  });
});
