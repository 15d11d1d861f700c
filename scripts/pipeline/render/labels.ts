// Words the templates print around the content, per language. Templates get
// them as `labels`; a designer can override any of them in a template.
export interface Labels {
  readonly press_release: string;
  readonly back_to: string;
  readonly all_releases: string;
  readonly pdf: string;
  readonly tags: string;
  readonly related: string;
  readonly skip: string;
  readonly page: string;
  readonly of: string;
  readonly contents: string;
  readonly pages: string;
  readonly categories: string;
}

const english: Labels = {
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
};

const byLanguage: Record<string, Labels> = {
  en: english,
  ja: {
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
  },
  fr: {
    press_release: 'Communiqué de presse',
    back_to: 'Retour à',
    all_releases: 'Tous les communiqués',
    pdf: 'Télécharger le PDF',
    tags: 'Mots-clés',
    related: 'Pages liées',
    skip: 'Aller au contenu',
    page: 'Page',
    of: 'sur',
    contents: 'Sommaire',
    pages: 'pages',
    categories: 'Catégories',
  },
};

export function labelsFor(lang: string): Labels {
  return byLanguage[lang.toLowerCase().split('-')[0] ?? 'en'] ?? english;
}

/** `2023-04-04` as readers of `lang` write it: "April 4, 2023", "2023年4月4日". */
export function formatDate(date: string, lang: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const utc = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(utc);
  } catch {
    return date;
  }
}
