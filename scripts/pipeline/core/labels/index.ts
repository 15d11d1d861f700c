// labelsFor(lang): the label set of a language, chosen by its primary subtag
// (`ja-JP` -> ja); English when the language has none. A designer can still
// override any label in a template.
import { primaryLanguage } from '../language.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import type { Labels } from './labels.ts';

export type { Labels } from './labels.ts';

const byLanguage: Readonly<Record<string, Labels>> = { en, ja, fr };

export function labelsFor(lang: string): Labels {
  return byLanguage[primaryLanguage(lang)] ?? en;
}
