// Cutting whole fonts per page: deterministic subsets, a cache keyed by font
// and characters, names that follow the page's characters, and a coverage
// check that still knows what a whole font covers.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { fontSetOf, fontSetsFor, loadFontSets } from '../../scripts/pipeline/render/fonts.ts';
import { subsetCharacters } from '../../scripts/pipeline/render/page-characters.ts';
import { checkScriptCoverage } from '../../scripts/pipeline/render/script-coverage.ts';
import { subsetFontFile } from '../../scripts/pipeline/write/font-subset.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const sets = loadFontSets(templatesDir);
const serif = sets.get('ja')?.whole.find((face) => face.family === 'Noto Serif JP' && face.weight === '400')?.font ?? '';

describe('subsetFontFile', () => {
  it('gives the same bytes for the same font and characters, and keeps them in its cache', async () => {
    const [cacheA, cacheB] = [tempDir('briefing-subset-cache-'), tempDir('briefing-subset-cache-')];
    const first = await subsetFontFile(serif, '外務省 報道発表', cacheA);
    const second = await subsetFontFile(serif, '外務省 報道発表', cacheB);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(readdirSync(cacheA)).toHaveLength(1);
    const cached = await subsetFontFile(serif, '外務省 報道発表', cacheA);
    expect(Buffer.from(cached).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(first).subarray(0, 4).toString('latin1')).toBe('wOFF');
    const other = await subsetFontFile(serif, '外務省 報道発表 会談', cacheA);
    expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
  }, 60_000);
});

describe('fontSetsFor', () => {
  it('names a CJK set for the page characters: same characters, same subset; base stays shared', () => {
    const [a, b, c] = ['外務省の発表', '発表の外務省', '会談の概要'].map((text) => fontSetsFor('ja', text, undefined));
    expect(a?.[0]).toBe('base');
    expect(a?.[1]).toMatch(/^ja-[0-9a-f]{12}$/);
    expect(b).toEqual(a);
    expect(c?.[1]).not.toBe(a?.[1]);
    expect(fontSetOf(a?.[1] ?? '')).toBe('ja');
    expect(fontSetsFor('en', 'Only Latin', undefined)).toEqual(['base']);
  });

  it('puts the dateline words and the labels into the subset', () => {
    const characters = subsetCharacters('ja', '本文', undefined);
    for (const char of '年月日ページ') expect(characters).toContain(char);
    expect(subsetCharacters('ko', '본문', undefined)).toContain('월');
  });
});

describe('script coverage with whole fonts', () => {
  it('knows the whole Japanese font covers kana and kanji but not Tibetan', () => {
    expect(existsSync(serif)).toBe(true);
    const linked = fontSetsFor('ja', '会談', undefined);
    const japanese = new VFile({ path: path.join(tempDir(), 'a.md'), value: '林外務大臣とストルテンベルグ事務総長との会談' });
    expect(checkScriptCoverage(japanese, sets, linked)).toBe(true);
    const tibetan = new VFile({ path: path.join(tempDir(), 'b.md'), value: '会談 བཀྲ་ཤིས' });
    expect(checkScriptCoverage(tibetan, sets, linked)).toBe(false);
    expect(tibetan.messages[0]?.reason).toMatch(/Tibetan/);
  });
});
