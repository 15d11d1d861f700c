// Compares two output folders byte for byte and names the first difference:
// a file only one has, or the first file whose bytes differ and, for a PDF,
// the first page whose text differs (else the first differing byte offset).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Difference {
  /** Path relative to the output folders, `/`-separated. */
  readonly file: string;
  /** What differs, in words: "only in the first build", "page 3 text differs", "same text, different bytes at offset 1234". */
  readonly detail: string;
}

/** Every file under `dir`, relative and sorted, so two folders list in the same order. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk('');
  return files.sort();
}

/** The first difference between two output folders, or undefined when every byte is equal. */
export function compareOutputs(first: string, second: string): Difference | undefined {
  const a = listFiles(first);
  const b = listFiles(second);
  const inB = new Set(b);
  const inA = new Set(a);
  const onlyA = a.find((f) => !inB.has(f));
  if (onlyA) return { file: onlyA, detail: 'only in the first build' };
  const onlyB = b.find((f) => !inA.has(f));
  if (onlyB) return { file: onlyB, detail: 'only in the second build' };
  for (const file of a) {
    const bytesA = readFileSync(path.join(first, file));
    const bytesB = readFileSync(path.join(second, file));
    if (bytesA.equals(bytesB)) continue;
    return { file, detail: describe(path.join(first, file), path.join(second, file), bytesA, bytesB) };
  }
  return undefined;
}

function describe(fileA: string, fileB: string, bytesA: Buffer, bytesB: Buffer): string {
  const offset = firstDifferentByte(bytesA, bytesB);
  if (fileA.endsWith('.pdf')) {
    const pagesA = pageCount(fileA);
    const pagesB = pageCount(fileB);
    if (pagesA !== pagesB) return `${pagesA} pages against ${pagesB}`;
    for (let page = 1; page <= pagesA; page++) {
      if (pageText(fileA, page) !== pageText(fileB, page)) return `page ${page} text differs`;
    }
    return `same text, different bytes from offset ${offset}`;
  }
  return `different bytes from offset ${offset}`;
}

export function firstDifferentByte(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}

/** Pages of a PDF, from poppler's pdfinfo. */
export function pageCount(pdf: string): number {
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const match = /^Pages:\s+(\d+)/m.exec(info.stdout);
  if (!match) throw new Error(`pdfinfo could not read ${pdf}: ${info.stderr.trim() || 'is poppler-utils installed?'}`);
  return Number(match[1]);
}

/** The text of one page, from poppler's pdftotext. */
export function pageText(pdf: string, page: number): string {
  return spawnSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).stdout;
}

/** The footer a page carries: "Page 3 of 21", or its Japanese form "ページ 3 / 21". */
export const pageFooter = /Page \d+ of \d+|ページ \d+ \/ \d+/;

/** Page numbers (1-based) of a PDF that carry no "Page N of M" footer. */
export function pagesWithoutFooter(pdf: string): number[] {
  const missing: number[] = [];
  const pages = pageCount(pdf);
  for (let page = 1; page <= pages; page++) if (!pageFooter.test(pageText(pdf, page))) missing.push(page);
  return missing;
}
