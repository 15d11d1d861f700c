// The site configuration: `<content>/site.yml`, optional, validated like front
// matter so a typo in it is reported with its line instead of being ignored.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { z } from 'zod';
import { languageTag } from './fields.ts';
import { checkYaml } from './schema-check.ts';
import { parseYamlSource } from './yaml-source.ts';

export const paperSizes = ['a4', 'letter'] as const;
export type Paper = (typeof paperSizes)[number];

export const siteSchema = z.object({
  organization: z.string().min(1).default('Press Office'),
  title: z.string().min(1).optional(),
  lang: languageTag.default('en'),
  paper: z.enum(paperSizes).default('a4'),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  author: z.string().min(1).optional(),
  print_timeout_seconds: z.number().positive().max(600).default(60),
  /** Off by default: a build fetches nothing. When on, remote images are downloaded once into the output (remote-images.ts). */
  allow_remote_images: z.boolean().default(false),
  /** Typographic quotes, apostrophes, dashes and ellipses in the body (remark-smartypants), never inside code. */
  smart_quotes: z.boolean().default(true),
});

export type SiteConfig = z.infer<typeof siteSchema> & { readonly title: string; readonly author: string };

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
  return { ...base, title: base.title ?? `${base.organization}: press releases`, author: base.author ?? base.organization };
}
