// What a pack file (content/packs/*.yml or *.md front matter) may say: its
// schema, checked with positions by load-packs.ts.
import * as z from 'zod';
import { paperSizes } from './config.ts';
import { calendarDate, languageTag } from './fields.ts';

const text = z.string().trim().min(1, 'expected some text');
const date = calendarDate;
export const packSorts = ['date', 'date-descending', 'title'] as const;

/** A pack's fields; `packSchema` adds the rule between `releases:` and `select:`. */
const packFields = z.object({
  title: text,
  subtitle: text.optional(),
  date,
  /** Who issues the pack; default: the site's organization. */
  issuer: text.optional(),
  /** Handling line printed on the cover and every page, e.g. "For official use". */
  handling: text.optional(),
  /** Markdown shown before the table of contents (a .md pack uses its body instead). */
  introduction: text.optional(),
  /** Printed on both sides: the contents and each release start on a right-hand (odd) page. */
  duplex: z.boolean({ error: 'expected true or false' }).default(false),
  /** Also the language versions a pack prints: `lang: ja` takes a release's Japanese version where it has one. */
  lang: languageTag.optional(),
  paper: z.enum(paperSizes).optional(),
  /** Print releases still under embargo (the cover then says so); default: they are left out until it lifts. */
  include_embargoed: z.boolean({ error: 'expected true or false' }).default(false),
  /** Release slugs in the order they are printed. */
  releases: z
    .array(z.string({ error: 'expected a release slug' }).trim().min(1))
    .min(1, 'expected at least one slug')
    .optional(),
  /** Or: every release matching all of these, sorted. */
  select: z
    .object({
      category: text.optional(),
      tag: text.optional(),
      from: date.optional(),
      to: date.optional(),
      sort: z.enum(packSorts).default('date'),
    })
    .strict()
    .optional(),
});

export const packSchema = packFields.superRefine((value, ctx) => {
  if ((value.releases === undefined) === (value.select === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['releases'],
      message: 'expected either `releases:` (a list of slugs) or `select:` (category, tag, from, to, sort), not both or neither',
    });
  }
});

export type PackDefinition = z.infer<typeof packSchema>;
/** The keys a pack may have, for "did you mean" on an unknown one. */
export const packKeys: readonly string[] = Object.keys(packFields.shape);
