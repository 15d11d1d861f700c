// The page policy is found and changed by a real parse, and nothing else in
// the page moves: the print copy and the dev server's copy differ from the
// file on disk only in that one tag.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inspectPolicy, rewritePolicyMeta, withoutPolicyMeta } from '../../scripts/pipeline/render/csp.ts';

const policy = contentSecurityPolicy(['p{}']);
const page = (meta: string) =>
  `<!doctype html>\n<html><head>\n<meta charset="utf-8">${meta}\n<title>a "<meta http-equiv=Content-Security-Policy>" title</title><style>p{}</style></head><body><p>x</p></body></html>`;

describe('page policy', () => {
  it('is what the styles need, found in <head> only', () => {
    const html = page(`<META HTTP-EQUIV="content-security-policy" content="${policy}">`);
    expect(inspectPolicy(html)).toEqual({ needed: policy, declared: [policy] });
    expect(inspectPolicy(page('')).declared).toEqual([]);
  });

  it('is removed for printing, leaving every other byte', () => {
    expect(withoutPolicyMeta(page(`<meta http-equiv="Content-Security-Policy" content="${policy}">`))).toBe(page(''));
    expect(withoutPolicyMeta(page(''))).toBe(page(''));
  });

  it('is rewritten in place', () => {
    const html = page(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    const changed = rewritePolicyMeta(html, (p) => `${p}; connect-src 'self'`);
    expect(changed).toBe(page(`<meta http-equiv="Content-Security-Policy" content="${policy}; connect-src 'self'">`));
  });
});
