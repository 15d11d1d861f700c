// The bench's content: releases made from the sample, so every run of every
// machine builds the same Markdown.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sample = path.join(projectRoot, 'content/2023-04-04-hayashi-stoltenberg.md');

/**
 * `count` releases from the sample: dates a day apart, five categories, one to
 * six copies of the body, or `bodies` copies each (1: the "100 copies of the sample").
 */
export function generate(content: string, count: number, bodies?: number): void {
  mkdirSync(content, { recursive: true });
  cpSync(path.join(projectRoot, 'content/site.yml'), path.join(content, 'site.yml'));
  const text = readFileSync(sample, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`Cannot split the sample's front matter: ${sample}`);
  const frontMatter = (match[1] ?? '').replace(/^(title|date|category|short_title|key):.*$/gm, '').trim();
  const body = (match[2] ?? '').trim();
  const categories = ['NATO', 'Europe', 'Asia', 'Economy', 'Security'];
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < count; i++) {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const copies = bodies ?? 1 + ((i * 7) % 6);
    const parts = Array.from({ length: copies }, (_, k) => (k === 0 ? body : `## Part ${k + 1}\n\n${body}`));
    writeFileSync(
      path.join(content, `${date}-release-${String(i).padStart(5, '0')}.md`),
      `---\ntitle: "Release ${i}: meeting between the Foreign Minister and a counterpart"\ndate: ${date}\ncategory: ${categories[i % categories.length]}\n${frontMatter}\n---\n\n${parts.join('\n\n')}\n`,
    );
  }
}

/** The Markdown files of a generated folder, in name order. */
export const releaseFiles = (content: string): string[] =>
  readdirSync(content)
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => path.join(content, n));

/** A release in the middle of the folder, and a way to change it (each call a new sentence) or put it back. */
export function editor(content: string): { readonly file: string; readonly change: (note: string) => void; readonly restore: () => void } {
  const files = releaseFiles(content);
  const file = files[Math.floor(files.length / 2)] ?? '';
  const original = readFileSync(file, 'utf8');
  return {
    file,
    change: (note) => writeFileSync(file, `${original}\nOne more sentence: ${note}.\n`),
    restore: () => writeFileSync(file, original),
  };
}
