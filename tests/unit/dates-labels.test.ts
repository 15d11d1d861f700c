// One home for each fact: a release date means one instant everywhere (the
// PDF, the feed), one dateline per language, one label set per language; a
// release inside a pack of another language keeps its own words.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { renderFeed } from '../../scripts/pipeline/collections/feed.ts';
import { feedTimestamp, localToday, releaseDate, releaseInstant, rfc3339 } from '../../scripts/pipeline/core/dates.ts';
import { formatDateline } from '../../scripts/pipeline/core/format-dates.ts';
import { labelsFor } from '../../scripts/pipeline/core/labels/index.ts';
import { primaryLanguage } from '../../scripts/pipeline/core/language.ts';
import { loadPack } from '../../scripts/pipeline/load/load-packs.ts';
import { findReleases, loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { selectReleases } from '../../scripts/pipeline/load/select-pack-releases.ts';
import { preparePack, renderPack } from '../../scripts/pipeline/render/render-pack.ts';
import { createTemplateEngine } from '../../scripts/pipeline/render/render-template.ts';
import { loadConfig, siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { copyFixture, templatesDir } from '../helpers/project.ts';

const epoch = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

describe('release dates', () => {
  it('are noon UTC of the day, the same instant in the PDF and the feed', () => {
    delete process.env.SOURCE_DATE_EPOCH;
    expect(releaseInstant('2023-04-04')).toEqual({
      hasTime: false,
      date: '2023-04-04',
      instant: new Date('2023-04-04T12:00:00Z'),
      timeZone: 'UTC',
    });
    expect(rfc3339(releaseDate('2023-04-04'))).toBe('2023-04-04T12:00:00Z');
    expect(feedTimestamp('2023-04-04')).toBe(rfc3339(releaseDate('2023-04-04')));
  });

  it('honour SOURCE_DATE_EPOCH in the PDF and the feed alike', () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    expect(releaseDate('2023-04-04').toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(feedTimestamp('2023-04-04')).toBe('2023-11-14T22:13:20Z');
    const config = withDefaults(siteSchema.parse({}));
    const feed = renderFeed([{ title: 'T', date: '2023-04-04', lang: 'en', slug: '2023-04-04-t' }], { config });
    expect(feed).toContain('<published>2023-11-14T22:13:20Z</published>');
    expect(feed).toContain('<updated>2023-11-14T22:13:20Z</updated>');
  });

  it('read as a dateline in the reader’s language, the same day whatever the zone', () => {
    expect(formatDateline('2023-04-04', 'en')).toBe('April 4, 2023');
    expect(formatDateline('2023-04-04', 'ja-JP')).toBe('2023年4月4日');
    expect(formatDateline('2023-04-04', 'fr')).toBe('4 avril 2023');
    expect(formatDateline('2023-12-31', 'en-NZ')).toContain('31');
  });

  it('"today" for a new release is the local calendar day', () => {
    expect(localToday(new Date(2024, 0, 9, 0, 30))).toBe('2024-01-09');
    expect(localToday(new Date(2024, 11, 31, 23, 59))).toBe('2024-12-31');
  });
});

describe('languages and labels', () => {
  it('choose by the primary subtag (Traditional Chinese by its region or script), English when unknown', () => {
    expect(primaryLanguage('ja-JP')).toBe('ja');
    expect(primaryLanguage('FR-ca')).toBe('fr');
    expect(labelsFor('ja-JP').contents).toBe('目次');
    expect(labelsFor('fr').press_release).toBe('Communiqué de presse');
    expect(labelsFor('de').press_release).toBe('Press Release');
    expect(labelsFor('ko-KR').press_release).toBe('보도자료');
    expect(labelsFor('zh-CN').press_release).toBe('新闻稿');
    expect(labelsFor('zh-Hant-TW').press_release).toBe('新聞稿');
    expect(labelsFor('zh-HK').page).toBe('頁');
    // Every language has every label.
    for (const lang of ['ja', 'fr', 'ko', 'zh', 'zh-TW'])
      expect(Object.keys(labelsFor(lang)).sort()).toEqual(Object.keys(labelsFor('en')).sort());
  });
});

describe('a Japanese release in an English pack', () => {
  const content = copyFixture('packs');
  afterAll(() => rmSync(content, { recursive: true, force: true }));

  it('prints its own labels and page footer; the pack keeps English', async () => {
    const ja = ['---', 'title: 外務大臣会見', 'date: 2024-03-01', 'lang: ja', 'tags: [外交]', '---', '', '本文です。', ''];
    writeFileSync(path.join(content, '2024-03-01-kaiken.md'), ja.join('\n'));
    writeFileSync(
      path.join(content, 'packs', 'mixed.yml'),
      'title: Mixed\ndate: 2024-03-10\nreleases: [2024-01-10-short, 2024-03-01-kaiken]\n',
    );
    const { config } = await loadConfig(content);
    const loaded = await Promise.all(
      (await findReleases(content)).map((s) => loadRelease(s, { contentDir: content, templatesDir, config })),
    );
    const { pack } = await loadPack(path.join(content, 'packs', 'mixed.yml'), { config });
    if (!pack) throw new Error('the pack did not load');
    const prepared = preparePack(pack, selectReleases(pack, loaded), { contentDir: content });
    const engine = await createTemplateEngine(templatesDir);
    const html = await renderPack(prepared, { pages: new Map(), blankBefore: new Set() }, { config, engine });
    const [english, japanese] = html.split('<article').slice(1);
    expect(english).toContain('>Contents</a> · <a href="../2024-01-10-short.html">Press Release</a>');
    expect(japanese).toContain('<p class="release-tags">タグ: 外交</p>');
    expect(japanese).toContain('>目次</a> · <a href="../2024-03-01-kaiken.html">報道発表</a>');
    expect(html).toContain('@bottom-center { content: "Page" " " counter(page) " " "of" " " counter(pages); }');
    expect(html).toMatch(
      /@page release-2 \{[^\n]*@bottom-center \{ content: "ページ" " " counter\(page\) " " "\/" " " counter\(pages\); \}/,
    );
    expect(html).not.toMatch(/@page release-1 \{[^\n]*@bottom-center/);
  });
});
