// A content folder that mixes languages the way issue 15 found the footer
// race: the sample's English site.yml and release, a long English release and
// a Japanese one gathered into one duplex pack, and a short Japanese release
// whose running head has kanji found nowhere else on its pages, printed alone
// in the English site and inside an English pack.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Slugs of the releases the mixed content holds, for tests that look at them. */
export const mixedReleases = {
  long: '2025-01-20-port-statistics-2024',
  japanese: '2023-04-05-hayashi-stoltenberg-ja',
  rareKanji: '2024-05-01-rare-kanji-ja',
} as const;

/** The packs it holds: `packs/<name>.pdf`. */
export const mixedPacks = ['mixed-languages', 'english-with-japanese'] as const;

const rareKanjiRelease = `---
title: 会議の開催について
# Kanji that appear nowhere else: the running head alone needs their font subset.
short_title: 鬱蒼麒麟
date: 2024-05-01
category: お知らせ
lang: ja
summary: 本日、会議が開催されました。
---

本日、東京で会議が開催されました。参加者は今後の協力について議論しました。
`;

/** Writes the mixed content folder into `dir` (which must exist) from the project at `root`. */
export function writeMixedContent(root: string, dir: string): void {
  const from = (...parts: string[]) => path.join(root, ...parts);
  copyFileSync(from('content/site.yml'), path.join(dir, 'site.yml'));
  copyFileSync(from('content/2023-04-04-hayashi-stoltenberg.md'), path.join(dir, '2023-04-04-hayashi-stoltenberg.md'));
  copyFileSync(from('tests/fixtures/long-document', `${mixedReleases.long}.md`), path.join(dir, `${mixedReleases.long}.md`));
  copyFileSync(from('tests/fixtures/japanese', `${mixedReleases.japanese}.md`), path.join(dir, `${mixedReleases.japanese}.md`));
  writeFileSync(path.join(dir, `${mixedReleases.rareKanji}.md`), rareKanjiRelease);
  mkdirSync(path.join(dir, 'packs'));
  writeFileSync(
    path.join(dir, 'packs/mixed-languages.yml'),
    `title: Mixed-language briefing\ndate: 2025-01-25\nhandling: For official use\nduplex: true\nreleases:\n  - ${mixedReleases.long}\n  - ${mixedReleases.japanese}\n`,
  );
  writeFileSync(
    path.join(dir, 'packs/english-with-japanese.yml'),
    `title: English pack\ndate: 2024-05-02\nreleases:\n  - ${mixedReleases.rareKanji}\n`,
  );
}
