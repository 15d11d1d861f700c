// The Content-Security-Policy of every page, in one place. A page written to
// disk may load only its own stylesheets (by hash, and from its folder),
// images and fonts from its folder, and nothing else: no script, no frame, no
// form target, no remote request. The layout renders the meta tag from `csp`
// (templates/layouts/document.liquid); the build renders each page once, with
// a stand-in for the policy, and one real HTML parse (`fillPolicy`) finds the
// styles to hash and checks that the stand-in's meta is the page's only
// policy. The copy printed is the page without that meta: setContent keeps a
// meta policy across documents, whose hashes would then block the next page's
// styles. Parsing a long page costs more than rendering it, and its inlined
// stylesheet most of that: the parse skips the stylesheets' text (parseForPolicy).
import { createHash, randomUUID } from 'node:crypto';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { attribute, elements, isPolicyMeta, textOf } from './html-tree.ts';

type Element = DefaultTreeAdapterTypes.Element;
type Document = DefaultTreeAdapterTypes.Document;

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

/**
 * What one parse of `html` tells: the policy its <style> elements need, and
 * the policies its <head> declares by <meta>. With `through`, the caller
 * knows every policy meta the page can hold ends before that index (see
 * fillPolicy): the parse may then stop after it and its last stylesheet.
 */
export function inspectPolicy(html: string, through?: number): { readonly needed: string; readonly declared: readonly string[] } {
  const { document, styles } = parseForPolicy(html, through);
  const head = elements(document, 'head')[0];
  const declared = (head ? elements(head, 'meta') : []).filter(isPolicyMeta).map((meta) => attribute(meta, 'content') ?? '');
  return { needed: contentSecurityPolicy(styles), declared };
}

const htmlNamespace = 'http://www.w3.org/1999/xhtml';
/** Unique to this process: no page can hold it before it is put in. */
const styleMarker = `briefing-style-${randomUUID()}-`;

/**
 * A page parsed for its policy, and the text of its <style> elements. The
 * stylesheet inlined in the head is most of a page, and its text all an HTML
 * parser's character-by-character work on it: so the page is parsed with the
 * text of each `<style ...>` cut out and a marker of its own put in its place,
 * cut as a parser does (up to the first `</style` followed by a space, `/` or
 * `>`, line endings and NULs as it reads them). If each <style> element of
 * that parse holds exactly its marker, in order, the page's parse differs
 * only in those texts (before each cut both parsers read the same characters,
 * and the text cut holds no end tag); else, as when a `<style` stood in a
 * comment or an attribute, the whole page is parsed.
 */
function parseForPolicy(html: string, through?: number): { readonly document: Document; readonly styles: readonly string[] } {
  const texts: string[] = [];
  let reduced = '';
  let from = 0;
  const open = /<style(?:[\t\n\f\r /][^>]*)?>/gi;
  const close = /<\/style[\t\n\f\r />]/gi;
  for (let tag = open.exec(html); tag; tag = open.exec(html)) {
    const start = tag.index + tag[0].length;
    close.lastIndex = start;
    const end = close.exec(html)?.index ?? html.length;
    reduced += `${html.slice(from, start)}${styleMarker}${texts.length}`;
    texts.push(html.slice(start, end).replace(/\r\n?/g, '\n').replaceAll('\0', '\uFFFD'));
    from = end;
    open.lastIndex = end;
  }
  const stop = through === undefined ? undefined : prefixEnd(html, through, from);
  if (stop !== undefined) {
    const document = parse(reduced + html.slice(from, stop));
    if (holdsMarkers(document, texts.length, true)) return { document, styles: texts };
  }
  if (texts.length > 0) {
    const document = parse(reduced + html.slice(from));
    if (holdsMarkers(document, texts.length, false)) return { document, styles: texts };
  }
  const document = parse(html);
  return { document, styles: elements(document, 'style').map(textOf) };
}

/**
 * Where a parse for the policy may stop: past `through` and past the last
 * stylesheet's end tag (`lastEnd`, its `</style` and the character after;
 * every `<style` after an earlier cut is a cut of its own). An HTML parser
 * reads forward only, so up to there a parse of the prefix builds what a
 * parse of the page builds; what follows adds no <style> (the cuts found
 * them all), no policy (the caller's word) and moves nothing already in
 * <head>, where holdsMarkers wants the styles.
 */
function prefixEnd(html: string, through: number, lastEnd: number): number | undefined {
  const stop = Math.max(through, lastEnd === 0 ? 0 : lastEnd + '</style>'.length);
  return stop < html.length ? stop : undefined;
}

/**
 * Whether the <style> elements of a parse of the page with its stylesheets
 * cut out are those cut, in order: each in the HTML namespace holding just
 * its marker (an SVG <style> is markup, not raw text: its text is what its
 * entities and children say, so not one cut as raw), and with `inHead`,
 * each a child of <head>.
 */
function holdsMarkers(document: Document, count: number, inHead: boolean): boolean {
  const styles = elements(document, 'style');
  return (
    styles.length === count &&
    styles.every(
      (style, i) =>
        style.namespaceURI === htmlNamespace &&
        textOf(style) === `${styleMarker}${i}` &&
        (!inHead || (style.parentNode as Element | null)?.tagName === 'head'),
    )
  );
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
 * policy its <style> elements need in place of the stand-in, and the copy to
 * print: the same page without that meta (setContent keeps a meta policy
 * across documents, see print/print-sandbox.ts). One parse finds the styles,
 * and the stand-in's meta as the only policy meta in <head>. Undefined when
 * the template wrote it any other way (escaped, twice, elsewhere, beside a
 * policy of its own): the caller then renders the page with the policy and
 * checks it so. The parse reads the page up to that meta and its last
 * stylesheet, most often its <head> (a long listing page's body was most of
 * the parse); `parseWhole` reads it all, for tests to compare.
 */
export function fillPolicy(marked: string, parseWhole = false): { readonly html: string; readonly print: string } | undefined {
  const at = marked.indexOf(policyPlaceholder);
  if (at < 0 || marked.indexOf(placeholderWord) !== at || marked.includes(placeholderWord, at + 1)) return undefined;
  const tag = placeholderTag(marked, at);
  if (!tag) return undefined;
  // The page's only http-equiv is in this tag: no policy can follow it.
  const { needed, declared } = inspectPolicy(marked, parseWhole ? undefined : tag.end);
  if (declared.length !== 1 || declared[0] !== policyPlaceholder) return undefined;
  return {
    html: `${marked.slice(0, at)}${needed}${marked.slice(at + policyPlaceholder.length)}`,
    print: `${marked.slice(0, tag.start)}${marked.slice(tag.end)}`,
  };
}

/**
 * The `<meta ...>` tag the stand-in at `at` is written in, when the page's
 * only `http-equiv` (an attribute name, which no character reference can
 * spell) is in it: then the one policy meta the parse finds in <head> is this
 * tag, and leaving it out leaves the page without a policy.
 */
const metaTag =
  /^<meta(?:[\t\n\f\r ]+[^\t\n\f\r />"'=]+(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >"'=<`]+))?)*[\t\n\f\r ]*\/?>$/i;

function placeholderTag(html: string, at: number): { readonly start: number; readonly end: number } | undefined {
  const start = html.lastIndexOf('<', at);
  const end = html.indexOf('>', at) + 1;
  // A whole tag, quotes closed: a `>` inside a later attribute's value does not end it.
  if (start < 0 || end === 0 || !metaTag.test(html.slice(start, end))) return undefined;
  const equivs = [...html.matchAll(/http-equiv/gi)].map((m) => m.index);
  return equivs.length === 1 && (equivs[0] ?? -1) > start && (equivs[0] ?? end) < end ? { start, end } : undefined;
}
