// Loads, before printing, the font faces the @page margin boxes will need.
//
// The bundled fonts come in unicode-range subsets that Chromium fetches only
// when laid-out text needs them. Margin boxes (running head, "Page N of M",
// handling marking) are laid out while printing, after `document.fonts.ready`
// has settled: a subset only they need (相 of a running head 外相, ペ of ページ)
// was never asked for, and Chromium then draws the page with no margin boxes
// at all. Whether another page's text had already pulled the subset in decided
// whether the footer printed: a race. Here the text of every `content:` string
// in the page's @page rules, plus the digits a counter can print, is matched
// against each @font-face's unicode-range, and every face it touches is loaded
// and awaited first, so what prints depends only on the document.
import type { Page } from 'puppeteer';

/** Characters a counter() in a margin box can print (decimal counters). */
export const counterCharacters = '0123456789';

/**
 * Runs in the page (through DevTools, which works with the page's JavaScript
 * off). Must be self-contained: Puppeteer sends its source text.
 */
export async function loadMarginFaces(counterText: string): Promise<string[]> {
  const pageRules: string[] = [];
  const collect = (rules: CSSRuleList): void => {
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSPageRule) pageRules.push(rule.cssText);
      else if (rule instanceof CSSGroupingRule) collect(rule.cssRules);
    }
  };
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      collect(sheet.cssRules);
    } catch {
      // A sheet whose rules cannot be read: the sandbox serves only same-origin ones.
    }
  }
  const rulesText = pageRules.join('\n');
  let text = counterText;
  for (const match of rulesText.matchAll(/content\s*:([^;}]*)/g)) {
    for (const quoted of (match[1] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) {
      const raw = quoted[1] ?? quoted[2] ?? '';
      text += raw.replace(/\\([0-9a-fA-F]{1,6})\s?|\\(.)/g, (_m, hex: string | undefined, other: string | undefined) =>
        hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (other ?? ''),
      );
    }
  }
  const codes = [...new Set(Array.from(text, (c) => c.codePointAt(0) ?? 0))];
  const covers = (range: string): boolean =>
    range.split(',').some((part) => {
      const [from, to] = part
        .trim()
        .replace(/^U\+/i, '')
        .split('-')
        .map((hex) => Number.parseInt(hex.replace(/\?/g, '0'), 16));
      const last = to ?? (part.includes('?') ? Number.parseInt(part.trim().slice(2).replace(/\?/g, 'f'), 16) : from);
      return from !== undefined && last !== undefined && codes.some((code) => code >= from && code <= last);
    });
  const unquote = (family: string) => family.replace(/^["']|["']$/g, '');
  const faces = Array.from(document.fonts);
  // Faces of the families the margin boxes name; if they name none of the
  // page's families, every family, so a designer's font is covered too.
  const named = faces.filter((face) => rulesText.includes(unquote(face.family)));
  const candidates = named.length > 0 ? named : faces;
  const needed = candidates.filter((face) => covers(face.unicodeRange));
  const loaded = await Promise.all(needed.map((face) => face.load().then(() => `${unquote(face.family)} ${face.weight} ${face.style}`)));
  // Faces that started loading for the body are settled too before printing
  // (here, not in a second call: one round trip to the page per print).
  await document.fonts.ready;
  return loaded;
}

/** Loads the faces the page's margin boxes need; returns them (for tests). */
export function loadMarginFonts(page: Page): Promise<string[]> {
  return page.evaluate(loadMarginFaces, counterCharacters);
}
