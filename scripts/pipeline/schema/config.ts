// The site configuration: `<content>/site.yml`, optional, validated like front
// matter so a typo in it is reported with its line instead of being ignored.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import * as z from 'zod';
import { contact, languageTag, timeZone } from './fields.ts';
import { checkYaml } from './schema-check.ts';
import { parseYamlSource } from './yaml-source.ts';

export const paperSizes = ['a4', 'letter'] as const;
export type Paper = (typeof paperSizes)[number];

export const siteSchema = z.object({
  /** One name, or one per language: `{en: Ministry of Foreign Affairs of Japan, ja: 外務省}`. */
  organization: z.union([z.string().min(1), z.record(languageTag, z.string().min(1))]).default('Press Office'),
  /** The zone a release's date is read in when it names none; UTC when absent. */
  time_zone: timeZone.default('UTC'),
  contact: contact.optional(),
  /** Boilerplate Markdown printed after every release body. */
  about: z.string().trim().min(1).optional(),
  /** Closes every release body, e.g. `###` or `ENDS`. */
  end_mark: z.string().trim().min(1).max(20).optional(),
  title: z.string().min(1).optional(),
  lang: languageTag.default('en'),
  paper: z.enum(paperSizes).default('a4'),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  author: z.string().min(1).optional(),
  print_timeout_seconds: z.number().positive().max(600).default(60),
  /** How many releases feed.xml carries: the most recently published or corrected. */
  feed_entries: z.number().int().min(1).max(10_000).default(50),
  /** index.html and each category page show this many of the newest releases; a longer listing gets a page per year. */
  listing_entries: z.number().int().min(1).max(10_000).default(50),
  /** Off by default: a build fetches nothing. When on, remote images are downloaded once into the output (remote-images.ts). */
  allow_remote_images: z.boolean().default(false),
  /** Typographic quotes, apostrophes, dashes and ellipses in the body (remark-smartypants), never inside code. */
  smart_quotes: z.boolean().default(true),
});

export type SiteConfig = Omit<z.infer<typeof siteSchema>, 'organization'> & {
  /** The organization's name in the site's language. */
  readonly organization: string;
  /** The name per language, when site.yml maps it. */
  readonly organizations: Readonly<Record<string, string>>;
  readonly title: string;
  readonly author: string;
};

export const siteConfigName = 'site.yml';

export interface LoadedConfig {
  readonly config: SiteConfig;
  /** Holds the config file's problems; fatal ones make the build a configuration error. */
  readonly file: VFile;
}

export async function loadConfig(contentDir: string): Promise<LoadedConfig> {
  const configPath = path.join(contentDir, siteConfigName);
  const file = new VFile({ path: configPath });
  let text = '';
  try {
    text = await readFile(configPath, 'utf8');
    file.value = text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const source = parseYamlSource(text.replace(/^\uFEFF/, ''));
  const parsed = checkYaml(source, siteSchema, file, {
    knownKeys: Object.keys(siteSchema.shape),
    rule: 'site-config',
    what: 'site config',
  });
  const base = parsed ?? siteSchema.parse({});
  return { config: withDefaults(base), file };
}

export function withDefaults(base: z.infer<typeof siteSchema>): SiteConfig {
  const organizations = typeof base.organization === 'string' ? {} : base.organization;
  const organization =
    typeof base.organization === 'string'
      ? base.organization
      : (organizationFor(organizations, base.lang) ?? Object.values(organizations)[0] ?? 'Press Office');
  return {
    ...base,
    organization,
    organizations,
    title: base.title ?? `${organization}: press releases`,
    author: base.author ?? organization,
  };
}

/** The organization's name for `lang` (`ja-JP` falls back to `ja`), or undefined when site.yml names none for it. */
export function organizationFor(organizations: Readonly<Record<string, string>>, lang: string): string | undefined {
  return organizations[lang] ?? organizations[lang.split('-')[0] ?? lang];
}
