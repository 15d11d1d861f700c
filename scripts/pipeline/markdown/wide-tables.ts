// A table wider than the printed measure used to be clipped without a word.
// Print has no script to measure with, so each table's width is estimated here,
// in Node, from its column count and cell text (deterministic: the same text
// gives the same classes and the same PDF). A table that does not fit is set
// smaller, down to 7 pt; one that still does not fit goes on a landscape page of
// its own (the CSS named page `wide`), and only then does the author get a
// warning at the table's line. On screen every table scrolls inside its own
// focusable, labelled box, so a phone never clips it either.
import type { Element, ElementContent, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../core/messages.ts';

/**
 * Text width of the printed page in points, the narrower of A4 and Letter less
 * the 55 mm of side margins (release.css): portrait A4 155 mm, landscape Letter 224 mm.
 */
export const printWidths = { portrait: 155 * (72 / 25.4), landscape: 224 * (72 / 25.4) } as const;
/** Type sizes a table may be set in, in points, as classes in base.css: largest first, 7 pt the readable minimum. */
export const tableSizes = [10, 9, 8, 7] as const;
/** Cell padding left and right together, in ems, as base.css sets it for print (0.5em each side; 0.25em in small tables). */
const padding = { normal: 1, small: 0.5 } as const;

/** Rough advance width of one character in ems of Source Sans 3 (tabular figures for digits). */
function charWidth(char: string): number {
  if (/\s/u.test(char)) return 0.22;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\uff00-\uffef]/u.test(char)) return 1;
  if (/[0-9]/.test(char)) return 0.5;
  if (/[A-Z]/.test(char)) return 0.6;
  if (/[a-z]/.test(char)) return 0.48;
  if (/[.,:;'’|!]/.test(char)) return 0.25;
  return 0.55;
}

function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Width in ems a cell cannot shrink below: its longest unbreakable run. */
function minContent(cell: Element): number {
  const words = hastToString(cell).split(/[\s\u200b]+|(?<=[-–—/])/u);
  const widest = Math.max(0, ...words.map(textWidth));
  return cell.tagName === 'th' ? widest * 1.05 : widest;
}

/** The estimated narrowest width of `table` in ems: per column, the widest cell's minimum, plus padding. */
export function tableWidthEms(table: Element, cellPadding: number): number {
  const columns: number[] = [];
  visit(table, 'element', (row: Element) => {
    if (row.tagName !== 'tr') return;
    let column = 0;
    for (const cell of row.children) {
      if (cell.type !== 'element' || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
      const span = Math.max(1, Number(cell.properties.colSpan ?? 1));
      const each = minContent(cell) / span;
      for (let i = 0; i < span; i++, column++) columns[column] = Math.max(columns[column] ?? 0, each + cellPadding);
    }
  });
  return columns.reduce((sum, width) => sum + width, 0);
}

export type TableFit = {
  readonly page: 'portrait' | 'landscape';
  readonly size: (typeof tableSizes)[number] | undefined;
  readonly fits: boolean;
};

/** How a table of this width is set: the normal size if it fits, else the largest size that fits portrait, then landscape. */
export function fitTable(table: Element): TableFit {
  if (tableWidthEms(table, padding.normal) * tableSizes[0] <= printWidths.portrait)
    return { page: 'portrait', size: undefined, fits: true };
  const small = tableWidthEms(table, padding.small);
  for (const page of ['portrait', 'landscape'] as const) {
    const size = tableSizes.find((pt) => small * pt <= printWidths[page]);
    if (size !== undefined) return { page, size, fits: true };
  }
  return { page: 'landscape', size: 7, fits: false };
}

const tableWord: Record<string, string> = { en: 'Table', fr: 'Tableau', de: 'Tabelle', ja: '表', ko: '표', zh: '表格' };

/**
 * Wraps every table in a scrolling box and sets the print classes a wide one
 * needs (sanitize-schema.ts lets exactly these classes through).
 */
export function fitTables(tree: Root, file: VFile, lang: string): void {
  const word = tableWord[lang.toLowerCase().split('-')[0] ?? 'en'] ?? 'Table';
  let count = 0;
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'table' || !parent || typeof index !== 'number') return;
    count += 1;
    const fit = fitTable(node);
    const classes = ['table-scroll'];
    if (fit.size !== undefined) classes.push(`table-${fit.size}pt`);
    const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
    const label = caption ? hastToString(caption).trim() : '';
    const wrapper: Element = {
      type: 'element',
      // Axe wants a scrolling box focusable and named; a named section is a region.
      tagName: 'section',
      properties: { className: classes, tabIndex: 0, ariaLabel: label || `${word} ${count}` },
      children: [node as ElementContent],
    };
    parent.children.splice(index, 1, wrapper);
    if (fit.page === 'landscape') {
      // The heading (and the line introducing the table) go on the landscape page too: never stranded before it.
      const lead = leadingSiblings(parent.children, index);
      const group: Element = { type: 'element', tagName: 'div', properties: { className: ['table-landscape'] }, children: [] };
      group.children = parent.children.splice(index - lead, lead + 1, group) as ElementContent[];
      const what = fit.fits
        ? `it is set in ${fit.size} pt on a landscape page of its own`
        : 'it is set in 7 pt on a landscape page of its own and may still be cut at the right edge; split it into narrower tables';
      warn(file, `Found a table too wide for the page even in 7 pt type: ${what}`, node.position?.start, 'wide-table');
    }
    return 'skip';
  });
}

/** How many siblings right before `index` belong with the table: a heading, an introducing paragraph, or both. */
function leadingSiblings(siblings: ReadonlyArray<Root['children'][number]>, index: number): number {
  let taken = 0;
  let at = index - 1;
  const previous = () => {
    while (at >= 0 && siblings[at]?.type === 'text' && /^\s*$/.test((siblings[at] as { value: string }).value)) at -= 1;
    const node = siblings[at];
    return node?.type === 'element' ? node : undefined;
  };
  let node = previous();
  if (node?.tagName === 'p') {
    taken = index - at;
    at -= 1;
    node = previous();
  }
  if (node && /^h[1-6]$/.test(node.tagName)) taken = index - at;
  return taken;
}
