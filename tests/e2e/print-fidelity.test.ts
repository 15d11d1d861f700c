// Print fidelity (issue 13), read back from real PDFs: wide tables are never
// clipped, camera-sized photos are scaled to 300 dpi and stripped of EXIF, and
// pages of a long release do not end early.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildReport, build } from '../../scripts/pipeline/build.ts';
import { pdfPages } from '../helpers/pdf.ts';
import { fixtures, tempDir, templatesDir } from '../helpers/project.ts';

const dirs: string[] = [];
const made = (prefix: string) => {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
};
let out = '';
let again = '';
let report: BuildReport;
const cache = made('briefing-image-cache-');
const savedCache = process.env.BRIEFING_IMAGE_CACHE;

const photoRelease = `---
title: A new crane for the container terminal
date: 2024-03-01
image: images/photo.jpg
image_alt: Grey noise standing in for a photograph of the crane
caption: The new crane on the day it arrived.
---

The Harbour Authority today took delivery of a new ship-to-shore crane.

![The crane from the quay, taken with the camera on its side](images/turned.jpg)

![A thumbnail](images/small.png)
`;

async function photos(dir: string): Promise<void> {
  mkdirSync(path.join(dir, 'images'));
  const [w, h] = [6000, 4000];
  const noise = await sharp({
    create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .raw()
    .toBuffer();
  const exif = { IFD0: { Make: 'Camera', Model: 'Private model' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 54/1 0/1' } };
  await sharp(noise, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ exif })
    .toFile(path.join(dir, 'images/photo.jpg'));
  // Stored 1200 x 800 with orientation 6: upright it is 800 x 1200.
  await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6' } })
    .jpeg()
    .withMetadata({ orientation: 6, exif })
    .toFile(path.join(dir, 'images/turned.jpg'));
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#a63' } })
    .png()
    .toFile(path.join(dir, 'images/small.png'));
}

beforeAll(async () => {
  process.env.BRIEFING_IMAGE_CACHE = cache;
  const content = made('briefing-fidelity-');
  cpSync(path.join(fixtures, 'long-document'), content, { recursive: true });
  cpSync(path.join(fixtures, 'wide-table/2024-02-01-thirty-years.md'), path.join(content, '2024-02-01-thirty-years.md'));
  writeFileSync(path.join(content, '2024-03-01-new-crane.md'), photoRelease);
  await photos(content);
  out = made('briefing-fidelity-out-');
  report = await build({ contentDir: content, outDir: out, templatesDir, concurrency: 2 });
  again = made('briefing-fidelity-again-');
  await build({ contentDir: content, outDir: again, templatesDir, concurrency: 2, files: [path.join(content, '2024-03-01-new-crane.md')] });
}, 600_000);

afterAll(() => {
  if (savedCache === undefined) delete process.env.BRIEFING_IMAGE_CACHE;
  else process.env.BRIEFING_IMAGE_CACHE = savedCache;
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const messagesOf = (slug: string) => report.documents.find((doc) => doc.slug === slug)?.file.messages ?? [];
const pageSizes = (pdf: string) =>
  [...execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' }).matchAll(/size:\s+([\d.]+) x ([\d.]+) pts/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as const,
  );

describe('a 30-column table', () => {
  const pdf = () => path.join(out, '2024-02-01-thirty-years.pdf');

  it('prints every column, on a landscape page, with a warning at its line', () => {
    const sizes = pageSizes(pdf());
    const landscape = sizes.findIndex(([w, h]) => w > h);
    expect(landscape).toBeGreaterThan(0);
    const text = pdfPages(pdf())[landscape] ?? '';
    for (let year = 1994; year <= 2022; year++) expect(text).toContain(String(year));
    expect(text).toContain('Thirty years at a glance');
    const warning = messagesOf('2024-02-01-thirty-years').find((m) => m.ruleId === 'wide-table');
    expect([warning?.line, warning?.fatal]).toEqual([22, false]);
    expect(warning?.reason).toMatch(/landscape/);
  });

  it('leaves a narrower table upright with all its columns, and without a warning', () => {
    const first = pdfPages(pdf())[0] ?? '';
    for (let year = 2013; year <= 2023; year++) expect(first).toContain(String(year));
    expect(messagesOf('2024-02-01-thirty-years').filter((m) => m.ruleId === 'wide-table')).toHaveLength(1);
  });

  it('scrolls in a focusable, labelled box in the HTML', () => {
    const html = readFileSync(path.join(out, '2024-02-01-thirty-years.html'), 'utf8');
    expect(html.match(/<section class="table-scroll[^"]*" tabindex="0" aria-label="Table \d">/g)).toHaveLength(2);
    expect(html).toMatch(/<div class="table-landscape">\s*<h2[^>]*>Thirty years at a glance<\/h2>/);
  });
});

describe('a 6000 x 4000 photo', () => {
  const pdf = () => path.join(out, '2024-03-01-new-crane.pdf');
  const image = (name: string) => path.join(out, 'assets/images', name);

  it('makes a PDF under 1.5 MB with the photo at 300 dpi', () => {
    expect(statSync(pdf()).size).toBeLessThan(1.5 * 1024 * 1024);
    const list = execFileSync('pdfimages', ['-list', pdf()], { encoding: 'utf8' });
    // page num type width height color comp bpc enc interp object gen x-ppi y-ppi size ratio
    const rows = list
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => line.trim().split(/\s+/));
    const photo = rows.find((cols) => cols[3] === '1831');
    expect([photo?.[12], photo?.[13]]).toEqual(['300', '300']);
  });

  it('has screen copies of 480, 960 and 1600 px, the largest under 500 KB, in srcset', async () => {
    for (const width of [480, 960, 1600]) expect((await sharp(image(`photo-${width}w.jpg`)).metadata()).width).toBe(width);
    expect(statSync(image('photo-1600w.jpg')).size).toBeLessThan(500 * 1024);
    const html = readFileSync(path.join(out, '2024-03-01-new-crane.html'), 'utf8');
    expect(html).toContain(
      'srcset="assets/images/photo-480w.jpg 480w, assets/images/photo-960w.jpg 960w, assets/images/photo-1600w.jpg 1600w, assets/images/photo.jpg 1831w"',
    );
  });

  it('is turned upright by its EXIF orientation, and carries no EXIF (no GPS)', async () => {
    for (const name of ['photo.jpg', 'photo-960w.jpg', 'turned.jpg']) {
      const meta = await sharp(image(name)).metadata();
      expect([name, meta.exif, meta.orientation]).toEqual([name, undefined, undefined]);
    }
    const turned = await sharp(image('turned.jpg')).metadata();
    expect([turned.width, turned.height]).toEqual([800, 1200]);
  });

  it('warns at the line of an image too small to print sharply', () => {
    const small = messagesOf('2024-03-01-new-crane').filter((m) => m.ruleId === 'image-resolution');
    expect(small.map((m) => [m.line, m.fatal])).toEqual([[13, false]]);
    expect(small[0]?.reason).toMatch(/96 dpi/);
  });

  it('gives the same bytes when built again', () => {
    for (const name of ['photo.jpg', 'photo-1600w.jpg', 'turned.jpg', 'small.png']) {
      expect(readFileSync(path.join(again, 'assets/images', name)).equals(readFileSync(image(name)))).toBe(true);
    }
  });
});

describe('the long document', () => {
  it('ends no page but the last more than 15% short of the text area', () => {
    const pdf = path.join(out, '2025-01-20-port-statistics-2024.pdf');
    const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const pages = bbox.split('<page ').slice(1);
    const mm = 72 / 25.4;
    const short = pages.map((page) => {
      const height = Number(/height="([\d.]+)"/.exec(page)?.[1]);
      const [top, bottom] = [25 * mm, height - 22 * mm];
      const lows = [...page.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1])).filter((y) => y <= bottom + 3);
      return (bottom - Math.max(...lows)) / (bottom - top);
    });
    expect(pages.length).toBeGreaterThan(8);
    expect(short.slice(0, -1).filter((s) => s > 0.15)).toEqual([]);
  });
});
