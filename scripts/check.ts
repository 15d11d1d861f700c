// CLI entry for `npm run check`: validates the content the way the build would,
// without a browser or templates, fast enough for a pre-commit hook.
// Exit codes: 0 no errors (warnings allowed), 1 some release has errors,
// 2 bad flag, missing folder or broken site config.
import { ArgsError, type FlagTable, formatHelp, parseFlags } from './cli/args.ts';
import { painter, paintMessage, wantsColour } from './cli/output.ts';
import { runCommand } from './cli/run-command.ts';
import { checkContent } from './pipeline/check/check-content.ts';
import { formatMessages } from './pipeline/core/messages.ts';

/** Every flag of `npm run check`, in --help order. */
const checkFlags = {
  content: { type: 'string', value: 'DIR', default: 'content', help: 'where the releases are', example: '--content press/2024' },
  templates: {
    type: 'string',
    value: 'DIR',
    default: 'templates',
    help: 'where the templates are (to check `template:`)',
    example: '--templates brand/templates',
  },
  quiet: { type: 'boolean', short: 'q', help: 'print errors only: no warnings, no summary', example: '--quiet' },
  help: { type: 'boolean', short: 'h', help: 'show this help and exit', example: '--help' },
} as const satisfies FlagTable;

const help = formatHelp(checkFlags, {
  usage: 'npm run check -- [options] [files...]',
  description: [
    'Checks everything the build checks, without a browser: the site config,',
    'templates/fonts.yml, front matter, images (they exist, they have alt text),',
    'raw HTML the build would remove, duplicate slugs, links to other releases,',
    'and the packs in <content>/packs/. Problems are printed as the build prints',
    'them. Files given as arguments limit the check to those releases (no packs).',
    'Exit code: 0 no errors, 1 errors found, 2 bad flag or configuration.',
  ].join('\n'),
  examples: [
    'npm run check',
    'npm run check -- content/2023-04-04-hayashi-stoltenberg.md',
    'npm run check -- --quiet   (in a pre-commit hook)',
  ],
});

async function main(): Promise<number> {
  const paint = painter(wantsColour());
  let parsed: ReturnType<typeof parseFlags<typeof checkFlags>>;
  try {
    parsed = parseFlags(checkFlags);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`${paint.red('error')}: ${error.message}\nRun \`npm run check -- --help\` to see every flag.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const report = await checkContent({
    contentDir: values.content,
    templatesDir: values.templates,
    files: positionals.length > 0 ? positionals : undefined,
  });
  const messages = report.files.flatMap((f) => f.messages);
  const errors = messages.filter((m) => m.fatal === true).length;
  const warnings = messages.length - errors;
  for (const line of formatMessages(report.files)) {
    if (values.quiet && !/:\d+:\d+: error: /.test(line)) continue;
    process.stderr.write(`${paintMessage(line, paint)}\n`);
  }
  if (report.fatal) {
    process.stderr.write(`${paint.red('error')}: ${report.fatal}\n`);
    return 2;
  }
  if (!values.quiet) {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const errorText = errors > 0 ? paint.red(paint.bold(plural(errors, 'error'))) : plural(errors, 'error');
    const warningText = warnings > 0 ? paint.yellow(plural(warnings, 'warning')) : plural(warnings, 'warning');
    // From process start: what a pre-commit hook waits for, module loading included.
    const seconds = (performance.now() / 1000).toFixed(1);
    const what = [plural(report.checked, 'release'), ...(report.packs > 0 ? [plural(report.packs, 'pack')] : [])].join(', ');
    process.stderr.write(`${what} checked: ${errorText}, ${warningText}, in ${seconds} s\n`);
  }
  return errors > 0 ? 1 : 0;
}

process.exitCode = await runCommand(main);
