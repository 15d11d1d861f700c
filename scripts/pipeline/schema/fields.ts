// Field rules shared by every YAML schema (front matter, site.yml, packs), so
// a date or a language tag is checked, and explained, the same way everywhere.
import { z } from 'zod';
import { calendarDateProblem } from '../core/dates.ts';
import { languageTagExpected, languageTagPattern } from '../core/language.ts';

/** `YYYY-MM-DD` naming a real day. */
export const calendarDate = z.string({ error: 'expected a date as YYYY-MM-DD' }).superRefine((value, ctx) => {
  const problem = calendarDateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A BCP 47 language tag such as `en` or `ja-JP`. */
export const languageTag = z.string().regex(languageTagPattern, languageTagExpected);
