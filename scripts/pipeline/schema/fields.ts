// Field rules shared by every YAML schema (front matter, site.yml, packs), so
// a date or a language tag is checked, and explained, the same way everywhere.
import * as z from 'zod';
import { calendarDateProblem, dateTimeProblem, timeZoneProblem } from '../core/dates.ts';

export { type ReleaseType, releaseTypes } from '../core/release-types.ts';

import { languageTagExpected, languageTagPattern } from '../core/language.ts';

/** `YYYY-MM-DD` naming a real day. */
export const calendarDate = z.string({ error: 'expected a date as YYYY-MM-DD' }).superRefine((value, ctx) => {
  const problem = calendarDateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A BCP 47 language tag such as `en` or `ja-JP`. */
export const languageTag = z.string().regex(languageTagPattern, languageTagExpected);

/** A date, or an ISO 8601 date and time (`2023-04-04T19:10`, optional `+02:00` / `Z`). YAML may hand a quoted or plain string. */
export const dateOrDateTime = z
  .string({ error: 'expected a date such as 2023-04-04 or a date and time such as 2023-04-04T19:10' })
  .superRefine((value, ctx) => {
    const problem = dateTimeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A date and time (an embargo lifts at a time of day, not a day). */
export const dateAndTime = z.string({ error: 'expected a date and time such as 2023-05-08T10:00' }).superRefine((value, ctx) => {
  const problem = dateTimeProblem(value, true);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An IANA time zone name such as `Europe/Brussels`. */
export const timeZone = z.string({ error: 'expected a time zone name such as Europe/Brussels' }).superRefine((value, ctx) => {
  const problem = timeZoneProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Who answers the press: site.yml's `contact`, or a release's own. */
export const contact = z
  .object({
    name: z.string().trim().min(1).optional(),
    role: z.string().trim().min(1).optional(),
    phone: z.string().trim().min(1).optional(),
    email: z.email({ error: 'expected an e-mail address' }).optional(),
  })
  .strict();
