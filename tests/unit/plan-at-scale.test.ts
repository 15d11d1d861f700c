// The plan's shortcuts for large archives (incremental/): each must give the
// answer the long way gives.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest, documentKey } from '../../scripts/pipeline/incremental/manifest.ts';
import type { DocumentRecord, Inputs, Manifest } from '../../scripts/pipeline/incremental/manifest-types.ts';
import { OutputFiles } from '../../scripts/pipeline/incremental/output-files.ts';
import { contentRelative, keptAsRecorded, restatted } from '../../scripts/pipeline/incremental/plan.ts';
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
