// A release that failed and was never built has no pages: it must not be listed
// (index, categories, feed), while one that failed after a good build keeps its last pages listed.
import { describe, expect, it } from 'vitest';
import { failedRecord } from '../../scripts/pipeline/incremental/records.ts';

const stat = { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 };
const candidate = { source: '/c/a.md', relative: 'a.md', bytes: Buffer.from(''), hash: 'h', stat, build: true };
const listing = { title: 'A', date: '2024-01-01', lang: 'en', slug: 'a' };

describe('failedRecord', () => {
  it('never built: no listing', () => {
    expect(failedRecord(candidate, undefined, listing).listing).toBeUndefined();
  });
  it('built before: its last pages stay listed', () => {
    const old = { key: 'k', source: 'h0', images: {}, outputs: [{ path: 'a.html', bytes: 1 }], fontSets: [] };
    expect(failedRecord(candidate, old, listing).listing).toBe(listing);
  });
});
