// The `lang` rule, in one place: what a language tag may look like (front
// matter, site.yml, packs), and which language it names for choosing labels,
// fonts and footnote words.

/** A BCP 47 tag, loosely: a 2–3 letter language, then subtags (`en`, `en-GB`, `ja-JP`, `zh-Hant-TW`). */
export const languageTagPattern = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

export const languageTagExpected = 'expected a BCP 47 language tag such as `en` or `ja`';

/** The primary language subtag, lower-cased: `ja-JP` -> `ja`, `EN` -> `en`; `en` when there is none. */
export function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0] || 'en';
}

/** Whether a Chinese tag names Traditional characters (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant`), for labels and fonts. */
export function isTraditionalChinese(tag: string): boolean {
  return /^zh(-(tw|hk|mo)\b|-hant\b)/.test(tag.toLowerCase());
}
