// CLI entry for `npm run new -- "Title of the release"`: writes
// <content>/<today>-<slug>.md with front matter that builds as it is, so
// nobody has to copy an old release and forget to change its date.
// Exit codes: 0 created, 2 bad flag, no title, or the file already exists.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { VFile } from 'vfile';
import { stringify } from 'yaml';
import { ArgsError, type FlagTable, formatHelp, parseFlags } from './cli/args.ts';
import { painter, paintMessage, relative, wantsColour } from './cli/output.ts';
import { runCommand } from './cli/run-command.ts';
import { localToday } from './pipeline/core/dates.ts';
import { formatMessages, hasErrors } from './pipeline/core/messages.ts';
import { slugify } from './pipeline/core/slugify.ts';
import { findReleases } from './pipeline/load/load-release.ts';
import { parseMarkdown } from './pipeline/markdown/parse-markdown.ts';
import { loadConfig } from './pipeline/schema/config.ts';
import { parseYamlSource } from './pipeline/schema/yaml-source.ts';

/** Every flag of `npm run new`, in --help order. */
const newFlags = {
  category: {
    type: 'string',
    value: 'NAME',
    help: 'the release’s category (asked for when run at a terminal)',
    example: '--category "North Atlantic Treaty Organization (NATO)"',
  },
  content: { type: 'string', value: 'DIR', default: 'content', help: 'where the releases are', example: '--content press/2024' },
  help: { type: 'boolean', short: 'h', help: 'show this help and exit', example: '--help' },
} as const satisfies FlagTable;

const help = formatHelp(newFlags, {
  usage: 'npm run new -- [options] "Title of the release"',
  description: [
    'Creates <content>/<today>-<slug>.md with its front matter filled in: the title,',
    "today's date, the site's language, and a category. Optional fields are listed",
    'as comments to uncomment. Never overwrites a file.',
  ].join('\n'),
  examples: [
    'npm run new -- "Foreign Minister meets NATO Secretary General"',
    'npm run new -- --category Travel "Minister travels to Brussels"',
  ],
});

async function main(): Promise<number> {
  const paint = painter(wantsColour());
  const usageError = (message: string) => {
    process.stderr.write(`${paint.red('error')}: ${message}\nRun \`npm run new -- --help\` for an example.\n`);
    return 2;
  };
  let parsed: ReturnType<typeof parseFlags<typeof newFlags>>;
  try {
    parsed = parseFlags(newFlags);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    return usageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  // Words without quotes are one title too: `npm run new -- Minister visits Brussels`.
  const title = positionals.join(' ').replace(/\s+/g, ' ').trim();
  if (title === '') return usageError('Give the release a title: npm run new -- "Title of the release"');

  const contentDir = path.resolve(values.content);
  const { config, file: configFile } = await loadConfig(contentDir);
  if (hasErrors(configFile)) {
    for (const line of formatMessages([configFile])) process.stderr.write(`${paintMessage(line, paint)}\n`);
    process.stderr.write(`${paint.red('error')}: The site config has errors\n`);
    return 2;
  }
  const category = values.category?.trim() || (await askCategory(contentDir));
  const date = localToday();
  const target = path.join(contentDir, `${date}-${slugify(title)}.md`);
  try {
    await writeFile(target, releaseSource({ title, date, lang: config.lang, category }), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return usageError(`${relative(target)} already exists: edit it, or choose another title`);
    if (code === 'ENOENT') return usageError(`Content folder not found: ${values.content}`);
    throw error;
  }
  process.stdout.write(`Created ${relative(target)}\nWrite the release there, then: npm run check && npm run build\n`);
  return 0;
}

interface NewRelease {
  readonly title: string;
  readonly date: string;
  readonly lang: string;
  readonly category: string | undefined;
}

/** The new file's text. Values go through the YAML writer, so a title with `:` or quotes stays valid. */
function releaseSource(release: NewRelease): string {
  const line = (key: string, value: string) => stringify({ [key]: value }, { lineWidth: 0 });
  return [
    '---',
    line('title', release.title).trimEnd(),
    `date: ${release.date}`,
    line('lang', release.lang).trimEnd(),
    ...(release.category ? [line('category', release.category).trimEnd()] : []),
    '# Optional: remove the `#` to use a field. See docs/authoring.md.',
    '# location: Tokyo, Japan',
    '# summary: One or two sentences for the listing and for search engines.',
    '# image: images/photo.jpg',
    '# image_alt: What the photo shows, for readers who cannot see it',
    '# caption: (Photo) Who is in the photo, and where',
    '# tags: [topic, place]',
    '---',
    '',
    'Write the release here. The first paragraph says who did what, when and where.',
    '',
  ].join('\n');
}

/** At a terminal, offers the categories already in use; anywhere else there is no one to ask. */
async function askCategory(contentDir: string): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  const known = await knownCategories(contentDir);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    if (known.length > 0) {
      process.stdout.write('Categories in use:\n');
      for (const [i, name] of known.entries()) process.stdout.write(`  ${i + 1}. ${name}\n`);
    }
    const answer = (await rl.question(`Category (${known.length > 0 ? 'a number, ' : ''}a new name, or Enter for none): `)).trim();
    const index = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
    return known[index] ?? (answer || undefined);
  } finally {
    rl.close();
  }
}

async function knownCategories(contentDir: string): Promise<string[]> {
  const names = new Set<string>();
  for (const source of await findReleases(contentDir).catch(() => [])) {
    // The front matter as the build reads it: a `category:` line in the body is text, not a category.
    const tree = parseMarkdown(new VFile({ path: source, value: await readFile(source, 'utf8') }));
    const yaml = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
    const value = yaml ? parseYamlSource(yaml.value).value : undefined;
    const name = value && typeof value === 'object' ? (value as Record<string, unknown>).category : undefined;
    if (typeof name === 'string' && name.trim() !== '') names.add(name.trim());
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

process.exitCode = await runCommand(main);
