// A release that failed and was never built has no pages: it must not be listed
// (index, categories, feed), while one that failed after a good build keeps its last pages listed.
import { describe, expect, it } from 'vitest';
import { failedRecord } from '../../scripts/pipeline/incremental/records.ts';

const candidate = { source: '/c/a.md', relative: 'a.md', bytes: Buffer.from(''), hash: 'h', build: true };
const listing = { title: 'A', date: '2024-01-01', slug: 'a' } as unknown as Parameters<typeof failedRecord>[2];

describe('failedRecord', () => {
  it('never built: no listing', () => {
    expect(failedRecord(candidate, undefined, listing).listing).toBeUndefined();
  });
  it('built before: its last pages stay listed', () => {
    const old = { key: 'k', source: 'h0', images: {}, outputs: [{ path: 'a.html', bytes: 1, hash: 'x' }], fontSets: [] };
    expect(failedRecord(candidate, old as Parameters<typeof failedRecord>[1], listing).listing).toBe(listing);
  });
});
