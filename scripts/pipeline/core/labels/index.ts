// labelsFor(lang): the label set of a language, chosen by its primary subtag
// (`ja-JP` -> ja; Traditional Chinese tags -> zh-hant); English when the language has none. A designer can still
// override any label in a template.
import { isTraditionalChinese, primaryLanguage } from '../language.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import type { Labels } from './labels.ts';
import { zh } from './zh.ts';
import { zhHant } from './zh-hant.ts';

export type { Labels } from './labels.ts';

const byLanguage: Readonly<Record<string, Labels>> = { en, ja, fr, ko, zh, 'zh-hant': zhHant };

export function labelsFor(lang: string): Labels {
  return byLanguage[isTraditionalChinese(lang) ? 'zh-hant' : primaryLanguage(lang)] ?? en;
}

/** Every language's labels: a page may name other languages in their own words (`language_name`). */
export function everyLabelSet(): readonly Labels[] {
  return Object.values(byLanguage);
}
