// Korean and Chinese releases print in the bundled Noto faces (no fallback
// font, no boxes), one font program per face, with their own labels; a release
// in a script no bundled font covers fails at the first such letter instead of
// printing boxes.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildReport, build } from '../../scripts/pipeline/build.ts';
import { pdfFonts, pdfPages } from '../helpers/pdf.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const releases = {
  ko: {
    slug: '2024-05-02-korea-talks',
    title: '한일 외교장관 회담 결과',
    body: '양국 외교장관은 서울에서 만나 경제 안보 협력을 강화하기로 합의하였습니다.\n\n## 회담 개요\n\n1. 양측은 공급망 안정에 관한 협의체를 신설하기로 하였습니다.\n2. 다음 회담은 도쿄에서 열립니다.',
  },
  'zh-CN': {
    slug: '2024-05-03-china-talks',
    title: '中日外长会谈结果',
    body: '两国外长在北京举行会谈，同意加强经济安全领域的合作。\n\n## 会谈概要\n\n1. 双方同意设立供应链稳定磋商机制。\n2. 下一次会谈将在东京举行。',
  },
  'zh-TW': {
    slug: '2024-05-04-taipei-talks',
    title: '經濟合作會談結果',
    body: '雙方在臺北舉行會談，同意加強經濟安全領域的合作與對話。\n\n## 會談概要\n\n雙方同意設立供應鏈穩定協商機制。',
  },
} as const;

const tibetanLine = 'The delegation was greeted with བཀྲ་ཤིས་བདེ་ལེགས། at the airport.';
const dirs: string[] = [];
let out = '';
let report: BuildReport;

function project(): string {
  const dir = tempDir('briefing-cjk-');
  dirs.push(dir);
  writeFileSync(path.join(dir, 'site.yml'), 'organization: Example Office\ntitle: Example Office press releases\nlang: en\npaper: a4\n');
  return dir;
}

beforeAll(async () => {
  const content = project();
  for (const [lang, release] of Object.entries(releases)) {
    const front = `---\ntitle: ${release.title}\ndate: ${release.slug.slice(0, 10)}\nlang: ${lang}\n---\n\n`;
    writeFileSync(path.join(content, `${release.slug}.md`), `${front}${release.body}\n`);
  }
  writeFileSync(
    path.join(content, '2024-05-05-tibetan.md'),
    `---\ntitle: Visit to Lhasa\ndate: 2024-05-05\nlang: en\n---\n\nFirst paragraph.\n\n${tibetanLine}\n`,
  );
  out = tempDir('briefing-cjk-out-');
  dirs.push(out);
  report = await build({ contentDir: content, outDir: out, templatesDir, concurrency: 2 });
}, 300_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Korean and Chinese releases', () => {
  for (const [lang, release] of Object.entries(releases)) {
    it(`${lang}: prints its title and body in embedded bundled fonts, with no fallback warning`, () => {
      const result = report.documents.find((doc) => doc.file.path?.endsWith(`${release.slug}.md`));
      expect(result?.file.messages.map((m) => m.reason) ?? ['not built']).toEqual([]);
      const pdf = path.join(out, `${release.slug}.pdf`);
      const fonts = pdfFonts(pdf);
      const family = lang === 'ko' ? 'KR' : lang === 'zh-TW' ? 'TC' : 'SC';
      expect(fonts.some((font) => font.name.includes(`Noto`) && font.name.includes(family))).toBe(true);
      expect(fonts.every((font) => font.embedded)).toBe(true);
      const text = pdfPages(pdf).join('').replace(/\s+/g, '');
      expect(text).toContain(release.title.replace(/\s+/g, ''));
      expect(text).toContain(release.body.split('\n')[0]?.replace(/\s+/g, ''));
    });

    it(`${lang}: embeds one font program per face, from the page's own subset, and pages in its language`, () => {
      const pdf = path.join(out, `${release.slug}.pdf`);
      const faces = pdfFonts(pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
      expect(faces.length).toBe(new Set(faces).size);
      const html = readFileSync(path.join(out, `${release.slug}.html`), 'utf8');
      const set = lang === 'ko' ? 'ko' : lang === 'zh-TW' ? 'tc' : 'sc';
      expect(html).toMatch(new RegExp(`href="assets/fonts/${set}-[0-9a-f]{12}\\.css"`));
      // "Page 1 of 1" in the release's language (pdftotext drops the spaces between CJK letters).
      const footer = { ko: '페이지1/1', 'zh-CN': '页1/1', 'zh-TW': '頁1/1' }[lang];
      expect(pdfPages(pdf)[0]?.replace(/\s+/g, '')).toContain(footer);
    });
  }
});

describe('a script no bundled font covers', () => {
  it('fails the release at the first such letter, and prints nothing for it', () => {
    const result = report.documents.find((doc) => doc.file.path?.endsWith('2024-05-05-tibetan.md'));
    const message = result?.file.messages.find((m) => m.ruleId === 'script-coverage');
    expect(message?.fatal).toBe(true);
    expect(message?.reason).toMatch(/Tibetan/);
    expect(message?.line).toBe(9);
    expect(message?.column).toBe(tibetanLine.indexOf('བ') + 1);
  });
});
