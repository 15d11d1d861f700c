// The Content-Security-Policy of every page, in one place. A page written to
// disk may load only its own stylesheets (by hash, and from its folder),
// images and fonts from its folder, and nothing else: no script, no frame, no
// form target, no remote request. The layout renders the meta tag from `csp`
// (templates/layouts/document.liquid); the build renders each page twice, once
// without `csp` for printing (setContent keeps a meta policy across documents,
// whose hashes would then block the next page's styles) and once with it for
// disk, and checks with a real HTML parse that the disk copy carries it. That
// parse is the only one (`fillPolicy`): parsing a long page costs more than
// rendering it.
import { createHash } from 'node:crypto';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** The policy for a page whose <style> elements hold `styles`. */
export function contentSecurityPolicy(styles: readonly string[]): string {
  const hashes = styles.map((css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`);
  return [
    "default-src 'none'",
    "script-src 'none'",
    `style-src 'self' ${hashes.join(' ')}`.trim(),
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** What one parse of `html` tells: the policy its <style> elements need, and the policies its <head> declares by <meta>. */
export function inspectPolicy(html: string): { readonly needed: string; readonly declared: readonly string[] } {
  const document = parse(html);
  const head = elements(document, 'head')[0];
  const declared = (head ? elements(head, 'meta') : [])
    .filter((meta) => attribute(meta, 'http-equiv')?.toLowerCase() === 'content-security-policy')
    .map((meta) => attribute(meta, 'content') ?? '');
  return { needed: contentSecurityPolicy(elements(document, 'style').map(textOf)), declared };
}

/**
 * What a page's template is given as `csp` for its one parse: the policy needs
 * the hashes of the page's own <style> elements, known only once it is
 * rendered, so it is rendered with this stand-in and the policy put in its
 * place (`fillPolicy`). Its `'` shows whether the template wrote it raw.
 */
export const policyPlaceholder = "briefing-policy-'placeholder'";
const placeholderWord = 'briefing-policy-';

/**
 * `marked` (the page rendered with `policyPlaceholder` as `csp`) with the
 * policy its <style> elements need in place of the stand-in, after one parse
 * that finds it as the only policy meta in <head>. Undefined when the template
 * wrote it any other way (escaped, twice, elsewhere, beside a policy of its
 * own): the caller then renders the page with the policy and checks it so.
 */
export function fillPolicy(marked: string): string | undefined {
  const at = marked.indexOf(policyPlaceholder);
  if (at < 0 || marked.indexOf(placeholderWord) !== at || marked.includes(placeholderWord, at + 1)) return undefined;
  const { needed, declared } = inspectPolicy(marked);
  if (declared.length !== 1 || declared[0] !== policyPlaceholder) return undefined;
  return `${marked.slice(0, at)}${needed}${marked.slice(at + policyPlaceholder.length)}`;
}

/** Whether `html` may hold a policy meta at all (no parse; a page without one cannot). */
export function mayDeclarePolicy(html: string): boolean {
  return html.toLowerCase().includes('content-security-policy');
}

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
  const metas = (head ? elements(head, 'meta') : []).filter((m) => attribute(m, 'http-equiv')?.toLowerCase() === 'content-security-policy');
  let out = html;
  for (const meta of metas.reverse()) {
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

function elements(root: Node, tagName: string): Element[] {
  const found: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node && node.tagName === tagName) found.push(node);
    // A <template>'s content is a fragment of its own.
    const children = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const child of children) walk(child);
  };
  walk(root);
  return found;
}

function textOf(element: Element): string {
  return element.childNodes.map((child) => ('value' in child && child.nodeName === '#text' ? child.value : '')).join('');
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}
