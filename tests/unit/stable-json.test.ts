// The manifest's JSON must be the same bytes for the same content whatever
// order its objects were built in (sharded and unsharded builds, records read
// back from the last manifest beside ones built now).
import { describe, expect, it } from 'vitest';
import { stableJson } from '../../scripts/pipeline/incremental/manifest.ts';

describe('stableJson', () => {
  it('writes object keys in order, at every depth, whatever order they were made in', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(stableJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(stableJson(b)).toBe(stableJson(a));
  });

  it('keeps arrays in their order and drops undefined values, as JSON does', () => {
    expect(stableJson({ list: ['b', 'a'], gone: undefined, kept: null })).toBe('{"kept":null,"list":["b","a"]}');
  });

  it('gives the same bytes for objects with integer-like keys, which JavaScript orders first', () => {
    expect(stableJson({ b: 1, '10': 2, '9': 3 })).toBe(stableJson({ '9': 3, b: 1, '10': 2 }));
    expect(stableJson({ b: 1, '10': 2, '9': 3 })).toBe('{"9":3,"10":2,"b":1}');
  });
});
