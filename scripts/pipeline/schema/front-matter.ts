// The front matter schema is the single source of truth for what a release may
// say about itself: validation, the types the pipeline uses, and the list of
// known keys for "did you mean" hints all come from it.
import * as z from 'zod';
import { paperSizes } from './config.ts';
import { contact, dateAndTime, dateOrDateTime, languageTag, releaseTypes, timeZone } from './fields.ts';

const text = z.string().trim().min(1, 'expected some text');

export const frontMatterSchema = z
  .object({
    title: z.string({ error: 'expected the headline as text' }).trim().min(1, 'the title is empty'),
    date: dateOrDateTime,
    time_zone: timeZone.optional(),
    embargo: dateAndTime.optional(),
    updated: dateOrDateTime.optional(),
    update_note: text.optional(),
    type: z.enum(releaseTypes, { error: `expected one of ${releaseTypes.join(', ')}` }).optional(),
    key: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a short name of letters, digits, `-`, `_`, `.`')
      .optional(),
    contact: contact.optional(),
    lang: languageTag.optional(),
    category: text.optional(),
    location: text.optional(),
    summary: text.optional(),
    author: text.optional(),
    image: text.optional(),
    image_alt: text.optional(),
    caption: text.optional(),
    template: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a template name such as `release`')
      .optional(),
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/, 'expected lower-case letters, digits, `-`, `_`, `.` and `/` between parts')
      .optional(),
    tags: z.array(text, { error: 'expected a list such as [nato, ukraine]' }).optional(),
    short_title: text.optional(),
    paper: z.enum(paperSizes).optional(),
  })
  .passthrough();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export const frontMatterKeys: readonly string[] = Object.keys(frontMatterSchema.shape);
