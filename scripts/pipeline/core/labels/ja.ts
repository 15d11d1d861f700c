import type { Labels } from './labels.ts';

export const ja: Labels = {
  press_release: '報道発表',
  back_to: '一覧に戻る：',
  all_releases: '報道発表一覧',
  pdf: 'PDFをダウンロード',
  tags: 'タグ',
  related: '関連ページ',
  skip: '本文へ移動',
  page: 'ページ',
  of: '/',
  contents: '目次',
  pages: 'ページ',
  categories: 'カテゴリー',
  feed: 'Atomフィード',
  briefing_pack: '説明資料',
  blank_page: 'このページは意図的に空白にしています。',
  introduction: 'はじめに',
  one_release_in_pack: '報道発表 1 件',
  releases_in_pack: '報道発表 N 件',
  footnotes: '注',
  footnote_back: '本文に戻る',
};
