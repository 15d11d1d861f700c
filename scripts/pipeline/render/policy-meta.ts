// A page's policy meta rewritten in a page already on disk: the dev server's
// copy (live reload), the print pool's copy of a pack, the benchmark's floor.
// The build itself writes each page's policy while it renders (csp.ts).
import { parse } from 'parse5';
import { attribute, elements, isPolicyMeta } from './html-tree.ts';

/**
 * `html` with each policy meta in <head> replaced by `replace(policy)` (or
 * removed when it returns undefined), spliced at the places the parser found,
 * so the rest of the page stays byte for byte: for pages already on disk
 * (the dev server's live reload, the benchmark, the print pool's packs).
 */
export function rewritePolicyMeta(html: string, replace: (policy: string) => string | undefined): string {
  // A page with no policy anywhere (a release's print copy) is not parsed: the parse costs 10-30 ms on a long page.
  if (!mayDeclarePolicy(html)) return html;
  const head = elements(parse(html, { sourceCodeLocationInfo: true }), 'head')[0];
  let out = html;
  for (const meta of (head ? elements(head, 'meta') : []).filter(isPolicyMeta).reverse()) {
    const place = meta.sourceCodeLocation;
    if (!place) continue;
    const policy = replace(attribute(meta, 'content') ?? '');
    const tag = policy === undefined ? '' : `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
    out = `${out.slice(0, place.startOffset)}${tag}${out.slice(place.endOffset)}`;
  }
  return out;
}

/** `html` without its policy meta: the copy a print pool loads with setContent. */
export function withoutPolicyMeta(html: string): string {
  return rewritePolicyMeta(html, () => undefined);
}

/** Whether `html` may hold a policy meta at all (no parse; a page without one cannot). */
export function mayDeclarePolicy(html: string): boolean {
  return html.toLowerCase().includes('content-security-policy');
}
