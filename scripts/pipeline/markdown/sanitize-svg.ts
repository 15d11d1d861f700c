// An SVG published in output/assets/ can be opened on its own, and then it is
// a full document: script runs, links load. So an SVG is never copied: it is
// parsed with a namespace-aware XML parser, checked against an allowlist of
// SVG elements and attributes, and written out again from the checked tree.
// What can run or load (script in any namespace, foreignObject, event
// handlers, animation of links, references outside the file, CSS url() and
// image-set() after resolving CSS escapes) refuses the image; harmless things
// outside the allowlist (editor metadata, comments) are dropped.
import { createRequire } from 'node:module';
import type { Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import { limits } from '../core/limits.ts';
import { escapeXmlAttribute, escapeXmlText } from '../core/xml-text.ts';
import { cssRefusal } from './css-refusal.ts';

const svgNs = 'http://www.w3.org/2000/svg';
const xlinkNs = 'http://www.w3.org/1999/xlink';
const xmlNs = 'http://www.w3.org/XML/1998/namespace';

export type SvgResult = { readonly ok: true; readonly svg: string } | { readonly ok: false; readonly problem: string };

const elements = new Set(
  (
    'svg g defs title desc symbol use path rect circle ellipse line polyline polygon text tspan textPath switch ' +
    'linearGradient radialGradient stop clipPath mask pattern marker image style ' +
    'filter feBlend feColorMatrix feComponentTransfer feComposite feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR ' +
    'feGaussianBlur feMerge feMergeNode feMorphology feOffset feTile feTurbulence'
  ).split(' '),
);
/** Children kept, element dropped: a link around a drawing. */
const unwrapped = new Set(['a']);
/** Anything that can run code or hold a document of its own: refuses the image whatever its namespace. */
const refused = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'handler', 'listener', 'html', 'body']);
const animations = new Set(['set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'discard']);

const attributes = new Set(
  (
    'id class style transform viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength ' +
    'fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-dasharray ' +
    'stroke-dashoffset stroke-miterlimit opacity color display visibility overflow vector-effect shape-rendering ' +
    'paint-order mix-blend-mode isolation image-rendering color-interpolation-filters ' +
    'font-family font-size font-weight font-style font-variant text-anchor dominant-baseline alignment-baseline ' +
    'baseline-shift letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi ' +
    'dx dy rotate textLength lengthAdjust startOffset method spacing side preserveAspectRatio version ' +
    'offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod clip-path clip-rule clipPathUnits ' +
    'mask maskUnits maskContentUnits patternUnits patternContentUnits patternTransform ' +
    'marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient ' +
    'filter filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type ' +
    'flood-color flood-opacity radius tableValues slope intercept amplitude exponent baseFrequency numOctaves seed ' +
    'stitchTiles role aria-label aria-hidden aria-labelledby aria-describedby href'
  ).split(' '),
);

/** Whether `text` (the start of a file) is an SVG document, whatever the file is called. */
export function looksLikeSvg(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)*<([\w.-]+:)?svg[\s>/]/i.test(head);
}

/**
 * xmldom, loaded at the first SVG a build meets: it was 224 KB of JavaScript
 * that every build parsed at its start, for releases that mostly have no SVG.
 * Required when needed (it is CommonJS), so sanitizeSvg stays synchronous;
 * a require() call esbuild does not see, so it stays out of the bundle.
 */
let xmldom: typeof import('@xmldom/xmldom') | undefined;
const loadXmldom = () => (xmldom ??= createRequire(import.meta.url)('@xmldom/xmldom') as typeof import('@xmldom/xmldom'));

export function sanitizeSvg(text: string): SvgResult {
  if (Buffer.byteLength(text) > limits.svgBytes) return { ok: false, problem: `is larger than ${limits.svgBytes / 1048576} MiB` };
  let problem: string | undefined;
  const parser = new (loadXmldom().DOMParser)({
    onError: (level, message) => {
      if (level !== 'warning') problem ??= `is not well-formed XML (${message.split('\n')[0]})`;
    },
  });
  let root: XmlElement | null;
  try {
    const doc = parser.parseFromString(text, 'image/svg+xml');
    if (doc.doctype) return { ok: false, problem: 'declares a DOCTYPE (entities can pull in other files)' };
    root = doc.documentElement;
    for (let node = doc.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === node.PROCESSING_INSTRUCTION_NODE && node.nodeName.toLowerCase() === 'xml-stylesheet') {
        return { ok: false, problem: 'links a stylesheet (<?xml-stylesheet?>)' };
      }
    }
  } catch (error) {
    return { ok: false, problem: problem ?? `is not well-formed XML (${String((error as Error).message).split('\n')[0]})` };
  }
  if (problem) return { ok: false, problem };
  if (root?.localName !== 'svg' || (root.namespaceURI !== svgNs && root.namespaceURI !== null)) {
    return { ok: false, problem: 'is not an SVG drawing (its root element is not <svg>)' };
  }
  // A root without xmlns is plain XML to a browser; we read it as SVG and write it with the namespace.
  const ns = root.namespaceURI;
  const state = { problem: undefined as string | undefined, xlink: false };
  const body = writeElement(root, ns, 0, state);
  if (state.problem) return { ok: false, problem: state.problem };
  const xlink = state.xlink ? ` xmlns:xlink="${xlinkNs}"` : '';
  return { ok: true, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${body.replace(/^<svg/, `<svg xmlns="${svgNs}"${xlink}`)}\n` };
}

interface State {
  problem: string | undefined;
  xlink: boolean;
}

function writeElement(element: XmlElement, ns: string | null, depth: number, state: State): string {
  if (state.problem) return '';
  if (depth > limits.svgDepth) {
    state.problem = `nests elements deeper than ${limits.svgDepth} levels`;
    return '';
  }
  const name = element.localName ?? '';
  const lower = name.toLowerCase();
  if (refused.has(lower)) {
    state.problem = `contains a <${element.nodeName}> (${lower === 'script' ? 'script' : 'embedded content'})`;
    return '';
  }
  if (animations.has(lower)) {
    const target = (element.getAttribute('attributeName') ?? '').toLowerCase();
    if (/(^|:)href$|^on|^style$|^src$/.test(target)) {
      state.problem = `contains a <${element.nodeName}> that changes \`${target}\``;
      return '';
    }
    return ''; // Animation does not print; dropped.
  }
  if (element.namespaceURI !== ns) return ''; // Editor metadata (inkscape:, sodipodi:, rdf:) and other vocabularies.
  const children = writeChildren(element, ns, depth, state);
  if (unwrapped.has(name)) return children;
  if (!elements.has(name)) return '';
  if (lower === 'style') {
    const cssProblem = cssRefusal(element.textContent ?? '');
    if (cssProblem) state.problem = `has a <style> that ${cssProblem}`;
  }
  return `<${name}${writeAttributes(element, state)}>${children}</${name}>`;
}

function writeChildren(element: XmlElement, ns: string | null, depth: number, state: State): string {
  let out = '';
  for (let child: XmlNode | null = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) out += writeElement(child as XmlElement, ns, depth + 1, state);
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      out += escapeXmlText(child.nodeValue ?? '');
    }
  }
  return out;
}

function writeAttributes(element: XmlElement, state: State): string {
  let out = '';
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i);
    if (!attribute) continue;
    const name = attribute.localName ?? attribute.name;
    const value = attribute.value;
    if (/^on/i.test(name)) {
      state.problem = `has an event handler \`${attribute.name}\``;
      return '';
    }
    const uri = attribute.namespaceURI;
    const isLink = name === 'href' && (uri === null || uri === xlinkNs);
    if (isLink || (name === 'src' && uri === null)) {
      const ok = value.trim().startsWith('#') || (element.localName === 'image' && isRasterDataUrl(value));
      if (!ok) {
        state.problem = `refers to \`${value.trim().slice(0, 80)}\` outside itself`;
        return '';
      }
    }
    const cssProblem = cssRefusal(value);
    if (cssProblem) {
      state.problem = `has an attribute \`${attribute.name}\` that ${cssProblem}`;
      return '';
    }
    if (uri === xlinkNs && name === 'href') {
      state.xlink = true;
      out += ` xlink:href="${escapeXmlAttribute(value)}"`;
    } else if (uri === xmlNs && (name === 'space' || name === 'lang')) {
      out += ` xml:${name}="${escapeXmlAttribute(value)}"`;
    } else if (uri === null && attributes.has(name)) {
      out += ` ${name}="${escapeXmlAttribute(value)}"`;
    }
  }
  return out;
}

function isRasterDataUrl(value: string): boolean {
  return /^data:image\/(png|jpeg|gif|webp|avif)[;,]/i.test(value.trim());
}
