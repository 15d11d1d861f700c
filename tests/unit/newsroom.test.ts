// The rules of a press office's release (issue 11), without a browser: dates
// and times read in a zone, the positioned errors for bad ones, embargo
// without a time, duplicate language versions, pack language and embargo
// selection, and JSON-LD that cannot close its script element.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmbargoed, parseNow, zonedInstant } from '../../scripts/pipeline/core/dates.ts';
import { formatDateline, formatTimeOfDay } from '../../scripts/pipeline/core/format-dates.ts';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { embargoChanged } from '../../scripts/pipeline/incremental/plan.ts';
import { markDuplicateSlugs } from '../../scripts/pipeline/load/duplicate-slugs.ts';
import { languageVersions } from '../../scripts/pipeline/load/language-versions.ts';
import type { Pack } from '../../scripts/pipeline/load/load-packs.ts';
import { loadRelease, type Release } from '../../scripts/pipeline/load/load-release.ts';
import { selectReleases } from '../../scripts/pipeline/load/select-pack-releases.ts';
import { jsonForScript } from '../../scripts/pipeline/render/release-head.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const config = withDefaults(siteSchema.parse({ time_zone: 'Asia/Tokyo', organization: { en: 'MOFA', ja: '外務省' } }));

/** Loads one release; those of one test share `dir`, so their file names alone decide their order. */
async function load(name: string, frontMatter: string, dir = tempDir('briefing-newsroom-unit-')) {
  const file = path.join(dir, name);
  writeFileSync(file, `---\ntitle: T\n${frontMatter}---\n\nBody.\n`);
  const loaded = await loadRelease(file, { contentDir: dir, templatesDir, config });
  return { ...loaded, lines: formatMessages([loaded.file], dir) };
}

describe('a date and time in a zone', () => {
  it('reads the sample meeting as one instant: April 4 in Brussels, 17:10 UTC', async () => {
    const { release, lines } = await load('meeting.md', 'date: 2023-04-04T19:10\ntime_zone: Europe/Brussels\n');
    expect(lines).toEqual([]);
    expect(release?.when.instant.toISOString()).toBe('2023-04-04T17:10:00.000Z');
    expect(release?.date).toBe('2023-04-04');
    const when = release?.when;
    expect(when && formatDateline(when, 'en')).toBe('April 4, 2023');
    expect(when && formatTimeOfDay(when, 'en')).toMatch(/^19:10 /);
    expect(zonedInstant('2023-04-04T19:10', 'Europe/Brussels')).toEqual({ ok: true, when });
  });

  it('uses site.yml time_zone when the release names none, and an explicit offset over any zone', async () => {
    expect((await load('a.md', 'date: 2023-04-05T02:10\n')).release?.when.instant.toISOString()).toBe('2023-04-04T17:10:00.000Z');
    expect((await load('b.md', 'date: 2023-04-04T19:10+02:00\n')).release?.when.instant.toISOString()).toBe('2023-04-04T17:10:00.000Z');
    // `2023-05-08 10:00` (a space, as people type it) is a date and time too.
    expect((await load('c.md', 'date: 2023-05-08 10:00\n')).release?.when.instant.toISOString()).toBe('2023-05-08T01:00:00.000Z');
  });

  it('reports a time inside a daylight saving gap at its line', async () => {
    const { release, lines } = await load('gap.md', 'date: 2023-03-26T02:30\ntime_zone: Europe/Brussels\n');
    expect(release).toBeUndefined();
    expect(lines).toEqual([
      'gap.md:3:7: error: Invalid `date` in front matter: `2023-03-26T02:30` does not exist in Europe/Brussels: the clocks skip that hour (daylight saving time) [front-matter-date]',
    ]);
  });

  it('reports an unknown zone at its line', async () => {
    const { release, lines } = await load('zone.md', 'date: 2023-04-04T19:10\ntime_zone: Europe/Brusels\n');
    expect(release).toBeUndefined();
    expect(lines).toEqual([
      'zone.md:4:12: error: Invalid `time_zone` in front matter: unknown time zone `Europe/Brusels`: expected an IANA name such as `Europe/Brussels` or `Asia/Tokyo` [front-matter-invalid]',
    ]);
  });

  it('reports an embargo without a time of day', async () => {
    const { release, lines } = await load('embargo.md', 'date: 2023-05-08\nembargo: 2023-05-08\n');
    expect(release).toBeUndefined();
    expect(lines).toEqual([
      'embargo.md:4:10: error: Invalid `embargo` in front matter: expected a date and time such as `2023-05-08T10:00`, found only a date: `2023-05-08` [front-matter-invalid]',
    ]);
  });

  it('refuses a release type it does not know', async () => {
    const { lines } = await load('type.md', 'date: 2023-05-08\ntype: press-statement\n');
    expect(lines[0]).toMatch(/type\.md:4:7: error: Invalid `type` in front matter: expected one of press-release, statement/);
  });
});

describe('the build clock', () => {
  it('takes --now as an ISO date and time, UTC unless it has an offset', () => {
    expect(parseNow('2023-05-08T09:00')?.toISOString()).toBe('2023-05-08T09:00:00.000Z');
    expect(parseNow('2023-05-08T09:00+02:00')?.toISOString()).toBe('2023-05-08T07:00:00.000Z');
    expect(parseNow('2023-05-08')).toBeUndefined();
    expect(parseNow('tomorrow')).toBeUndefined();
  });

  it('holds a release until the embargo instant, and not a moment longer', () => {
    expect(isEmbargoed('2023-05-08T08:00:00Z', new Date('2023-05-08T07:59:59Z'))).toBe(true);
    expect(isEmbargoed('2023-05-08T08:00:00Z', new Date('2023-05-08T08:00:00Z'))).toBe(false);
    expect(isEmbargoed(undefined, new Date(0))).toBe(false);
  });

  it('makes a record built before the embargo out of date once it has lifted, and only then', () => {
    const record = (embargoed: boolean) => ({
      key: 'k',
      source: 's',
      images: {},
      outputs: [],
      fontSets: [],
      listing: { title: 'T', date: '2023-05-08', lang: 'en', slug: 's', embargo: '2023-05-08T08:00:00Z', embargoed },
    });
    expect(embargoChanged(record(true), new Date('2023-05-08T07:00:00Z'))).toBe(false);
    expect(embargoChanged(record(true), new Date('2023-05-08T08:00:00Z'))).toBe(true);
    expect(embargoChanged(record(false), new Date('2023-05-08T09:00:00Z'))).toBe(false);
  });
});

describe('language versions', () => {
  it('link releases that share a key, and fail the second with the same key and language at its key line', async () => {
    const dir = tempDir('briefing-newsroom-unit-');
    const en = (await load('2023-04-04-en.md', 'date: 2023-04-04\nkey: meeting\n', dir)).release as Release;
    const ja = (await load('2023-04-05-ja.md', 'date: 2023-04-05\nkey: meeting\nlang: ja\n', dir)).release as Release;
    const again = (await load('2023-04-06-en.md', 'date: 2023-04-06\nkey: meeting\n', dir)).release as Release;
    const versions = languageVersions([again, ja, en], {}, dir);
    expect(versions.get('meeting')?.map((v) => v.lang)).toEqual(['en', 'ja']);
    expect(en.file.messages).toEqual([]);
    expect(formatMessages([again.file], path.dirname(again.file.path))).toEqual([
      expect.stringMatching(
        /^2023-04-06-en\.md:4:6: error: Duplicate `key` and `lang`: .*2023-04-04-en\.md is already the `en` version of `meeting`/,
      ),
    ]);
  });
});

// An incremental build loads the releases that changed and keeps the others'
// records: the cross-release checks look at a kept record only where it meets
// a loaded release (a slug, a category's file, a key), so an edit among 10,000
// does not walk them all, and must still see every such meeting.
describe('checks across loaded releases and kept records', () => {
  const kept = (slug: string, listing: Record<string, unknown> = {}) => ({
    listing: { title: 'T', date: '2023-01-01', lang: 'en', slug, ...listing },
  });

  it('fail a loaded release whose slug or category file a kept record has, and only that', async () => {
    const dir = tempDir('briefing-newsroom-unit-');
    const clash = (await load('a.md', 'date: 2023-04-04\nslug: taken\n', dir)).release as Release;
    const free = (await load('b.md', 'date: 2023-04-04\ncategory: Security & Defence\n', dir)).release as Release;
    markDuplicateSlugs([clash, free], {
      'old/taken.md': kept('taken'),
      'old/other.md': kept('other', { category: { name: 'Security / Defence', slug: 'security-defence' } }),
      'old/more.md': kept('more', { category: { name: 'Travel', slug: 'travel' } }),
    });
    expect(formatMessages([clash.file, free.file], dir)).toEqual([
      expect.stringMatching(/^a\.md:.*Duplicate slug `taken`: old\/taken\.md would write the same output files/),
      expect.stringMatching(/^b\.md:.*Category `Security & Defence` would share .* with `Security \/ Defence` \(old\/other\.md\)/),
    ]);
  });

  it('give a loaded release its kept versions, and fail one a kept record already is', async () => {
    const dir = tempDir('briefing-newsroom-unit-');
    const en = (await load('b-en.md', 'date: 2023-04-04\nkey: meeting\n', dir)).release as Release;
    const twice = (await load('b-fr.md', 'date: 2023-04-04\nkey: talks\nlang: fr\n', dir)).release as Release;
    const versions = languageVersions(
      [en, twice],
      {
        'a-ja.md': kept('a-ja', { key: 'meeting', lang: 'ja' }),
        'a-fr.md': kept('a-fr', { key: 'talks', lang: 'fr' }),
        'c.md': kept('c', { key: 'other', lang: 'de' }),
      },
      dir,
    );
    expect(versions.get('meeting')).toEqual([
      { lang: 'ja', slug: 'a-ja' },
      { lang: 'en', slug: 'b-en' },
    ]);
    expect(en.file.messages).toEqual([]);
    expect(formatMessages([twice.file], dir)).toEqual([
      expect.stringMatching(/^b-fr\.md:.*a-fr\.md is already the `fr` version of `talks`/),
    ]);
  });
});

describe('packs', () => {
  const pack = (definition: Record<string, unknown>) =>
    ({
      file: { messages: [] },
      definition: { sort: 'date', include_embargoed: false, ...definition },
      pointOf: () => undefined,
      lang: 'en',
    }) as unknown as Pack;

  it('take one language with `lang`, and leave out embargoed releases unless they opt in', async () => {
    const en = (await load('2023-04-04-en.md', 'date: 2023-04-04\nkey: meeting\ncategory: NATO\n')).release as Release;
    const ja = (await load('2023-04-05-ja.md', 'date: 2023-04-05\nkey: meeting\nlang: ja\ncategory: NATO\n')).release as Release;
    const only = (await load('2023-04-06-only.md', 'date: 2023-04-06\ncategory: NATO\n')).release as Release;
    const held = (await load('2099-01-01-held.md', 'date: 2099-01-01\nembargo: 2099-01-01T09:00\ncategory: NATO\n')).release as Release;
    const all = [en, ja, only, held].map((release) => ({ file: release.file, release }));
    const embargoed = (r: Release) => r === held;
    const slugs = (rs: Release[]) => rs.map((r) => r.slug);
    expect(slugs(selectReleases(pack({ select: { category: 'NATO', sort: 'date' } }), all, embargoed))).toEqual([
      '2023-04-04-en',
      '2023-04-05-ja',
      '2023-04-06-only',
    ]);
    expect(slugs(selectReleases(pack({ lang: 'ja', select: { category: 'NATO', sort: 'date' } }), all, embargoed))).toEqual([
      '2023-04-05-ja',
      '2023-04-06-only',
    ]);
    expect(slugs(selectReleases(pack({ include_embargoed: true, select: { category: 'NATO', sort: 'date' } }), all, embargoed))).toContain(
      '2099-01-01-held',
    );
  });
});

describe('JSON-LD', () => {
  it('cannot close its script element or start a comment, whatever a title holds', () => {
    const json = jsonForScript({ headline: '</script><script>alert(1)</script> <!-- & \u2028' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ headline: '</script><script>alert(1)</script> <!-- & \u2028' });
  });
});
