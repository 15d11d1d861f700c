// When a pack is printed again (collections/pack-changes.ts): only when its
// inputs, its file or a release it printed changed, or a changed release
// could join it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedDocuments, mayJoin, packKey, unchangedPack } from '../../scripts/pipeline/collections/pack-changes.ts';
import type { DocumentRecord, PackRecord } from '../../scripts/pipeline/incremental/manifest-types.ts';
import type { PackDefinition } from '../../scripts/pipeline/schema/pack-schema.ts';
import { tempDir } from '../helpers/project.ts';

const stat = { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 };
const record = (slug: string, more: Partial<NonNullable<DocumentRecord['listing']>> = {}, key = `k-${slug}`): DocumentRecord => ({
  key,
  stat,
  source: `s-${slug}`,
  images: {},
  outputs: [{ path: `${slug}.html`, bytes: 1 }],
  fontSets: ['base'],
  listing: { title: slug, date: '2024-01-10', lang: 'en', slug, ...more },
});
const nato = { name: 'NATO', slug: 'nato' };
const bySlugs: PackDefinition = { title: 'P', date: '2024-02-01', duplex: false, include_embargoed: false, releases: ['a', 'b'] };
const byCategory: PackDefinition = {
  ...{ title: 'P', date: '2024-02-01', duplex: false, include_embargoed: false },
  select: { category: 'NATO', from: '2024-01-01', sort: 'date' },
};

describe('changedDocuments', () => {
  it('finds new and changed records, not those whose stat alone moved', () => {
    const previous = { 'a.md': record('a'), 'b.md': record('b') };
    const documents = { 'a.md': { ...record('a'), stat: { ...stat, mtimeMs: 2 } }, 'b.md': record('b', {}, 'other'), 'c.md': record('c') };
    expect([...changedDocuments(previous, documents).keys()]).toEqual(['b.md', 'c.md']);
  });
});

describe('mayJoin', () => {
  it('a pack of slugs takes a release of one of its slugs, by its slug or its file name', () => {
    const { listing: _listing, ...unlisted } = record('b');
    expect(mayJoin(bySlugs, 'x/a.md', record('a'), new Set())).toBe(true);
    expect(mayJoin(bySlugs, 'b.md', unlisted, new Set())).toBe(true);
    expect(mayJoin(bySlugs, 'c.md', record('c'), new Set())).toBe(false);
  });

  it('a pack of a category takes a release of that category in its dates', () => {
    expect(mayJoin(byCategory, 'c.md', record('c', { category: nato }), new Set())).toBe(true);
    expect(mayJoin(byCategory, 'c.md', record('c', { category: { name: 'Travel', slug: 'travel' } }), new Set())).toBe(false);
    expect(mayJoin(byCategory, 'c.md', record('c', { category: nato, date: '2023-12-31' }), new Set())).toBe(false);
  });

  it('a pack of a tag takes a release with that tag (any case), and one whose record does not say its tags', () => {
    const byTag: PackDefinition = { ...byCategory, select: { tag: 'Ukraine', sort: 'date' } };
    expect(mayJoin(byTag, 'c.md', record('c', { tags: ['NATO', 'ukraine'] }), new Set())).toBe(true);
    expect(mayJoin(byTag, 'c.md', record('c', { tags: ['NATO'] }), new Set())).toBe(false);
    expect(mayJoin(byTag, 'c.md', record('c', { tags: [] }), new Set())).toBe(false);
    expect(mayJoin(byTag, 'c.md', record('c'), new Set())).toBe(true);
  });

  it('a language version of a release the pack printed may take its place', () => {
    expect(mayJoin(bySlugs, 'a-ja.md', record('a-ja', { key: 'a', lang: 'ja' }), new Set(['a']))).toBe(true);
  });
});

describe('unchangedPack', () => {
  const dir = tempDir('briefing-pack-changes-');
  const source = path.join(dir, 'pack.yml');
  writeFileSync(source, 'title: P\n');
  const documents = { 'a.md': record('a'), 'b.md': record('b'), 'c.md': record('c') };
  const old = (): PackRecord => ({
    key: packKey('inputs', Buffer.from('title: P\n'), ['a.md', 'b.md'], documents),
    releases: ['a.md', 'b.md'],
    outputs: ['packs/pack.html'],
    title: 'P',
  });
  const check = { source, definition: bySlugs, inputs: 'inputs', documents, changed: new Map<string, DocumentRecord>() };

  it('keeps a pack when nothing it shows changed, even with other releases changed', async () => {
    expect(await unchangedPack({ ...check, old: old(), changed: new Map([['c.md', record('c')]]) })).toEqual(old());
  });

  it('rebuilds it when a release it printed changed or was deleted', async () => {
    const changedB = { ...documents, 'b.md': record('b', {}, 'new') };
    expect(await unchangedPack({ ...check, old: old(), documents: changedB })).toBeUndefined();
    const { 'b.md': _gone, ...withoutB } = documents;
    expect(await unchangedPack({ ...check, old: old(), documents: withoutB })).toBeUndefined();
  });

  it('rebuilds it when its file or the inputs changed, or it has no record', async () => {
    expect(await unchangedPack({ ...check, old: old(), inputs: 'other' })).toBeUndefined();
    expect(await unchangedPack({ ...check, old: { ...old(), key: '' } })).toBeUndefined();
    expect(await unchangedPack({ ...check, old: undefined })).toBeUndefined();
    writeFileSync(source, 'title: Q\n');
    expect(await unchangedPack({ ...check, old: old() })).toBeUndefined();
  });
});
