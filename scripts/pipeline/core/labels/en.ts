import type { Labels } from './labels.ts';

export const en: Labels = {
  press_release: 'Press Release',
  back_to: 'Back to',
  all_releases: 'All press releases',
  pdf: 'Download PDF',
  tags: 'Tags',
  related: 'Related pages',
  skip: 'Skip to content',
  page: 'Page',
  of: 'of',
  contents: 'Contents',
  pages: 'pages',
  categories: 'Categories',
  feed: 'Atom feed',
  briefing_pack: 'Briefing pack',
  blank_page: 'This page is intentionally left blank.',
  introduction: 'Introduction',
  one_release_in_pack: '1 press release',
  releases_in_pack: 'N press releases',
  footnotes: 'Notes',
  footnote_back: 'Back to text',
};
