// Reads PDFs back with poppler-utils, as a user checking the output would.
import { execFileSync } from 'node:child_process';

export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, '-layout', file, '-'], { encoding: 'utf8' });
}

/** Text of each page, in order. */
export function pdfPages(file: string): string[] {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) info[match[1].trim()] = match[2].trim();
  }
  return info;
}

export interface PdfFont {
  readonly name: string;
  readonly type: string;
  readonly embedded: boolean;
  readonly subset: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type... encoding emb sub uni objectId gen: read flags from the end.
    const [emb, sub] = cols.slice(-5, -3);
    return { name: cols[0] ?? '', type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes' };
  });
}

/** The outline (bookmarks) titles, read with qpdf's JSON view. */
export function pdfOutline(file: string): string[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as {
    outlines: Array<{ title: string; kids: unknown[] }>;
  };
  const titles: string[] = [];
  const walk = (items: Array<{ title: string; kids: unknown[] }>) => {
    for (const item of items) {
      titles.push(item.title);
      walk(item.kids as Array<{ title: string; kids: unknown[] }>);
    }
  };
  walk(json.outlines);
  return titles;
}
