import type { Labels } from './labels.ts';

export const fr: Labels = {
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
  feed: 'Flux Atom',
  briefing_pack: 'Dossier d’information',
  blank_page: 'Page laissée blanche intentionnellement.',
  introduction: 'Introduction',
  one_release_in_pack: '1 communiqué',
  releases_in_pack: 'N communiqués',
  footnotes: 'Notes',
  footnote_back: 'Retour au texte',
};
