// What `npm run build` accepts: its flags and the --help text made from them.
// Kept apart from build.ts, which reads them and runs the build: the table is
// the command's reference and grows with every flag.
import { type FlagTable, formatHelp } from './cli/args.ts';
import type { Format } from './pipeline/build.ts';

/** Every flag of `npm run build`, in --help order. Adding a flag is one entry here. */
export const buildFlags = {
  content: { type: 'string', value: 'DIR', default: 'content', help: 'where the releases are', example: '--content press/2024' },
  out: { type: 'string', value: 'DIR', default: 'output', help: 'where to write HTML, PDF and the listing', example: '--out public' },
  templates: {
    type: 'string',
    value: 'DIR',
    default: 'templates',
    help: 'where the templates are',
    example: '--templates brand/templates',
  },
  format: {
    type: 'string',
    value: 'LIST',
    default: 'html,pdf',
    help: 'what to write for each release: html, pdf or both',
    example: '--format html   (no browser needed, fast previews)',
  },
  concurrency: {
    type: 'string',
    value: 'N',
    help: 'releases printing at once (default: number of CPU cores)',
    example: '--concurrency 2',
  },
  quiet: {
    type: 'boolean',
    short: 'q',
    help: 'print errors only: no warnings, no summary',
    example: '--quiet   (only what must be fixed, for CI logs)',
  },
  json: {
    type: 'boolean',
    help: 'print a machine-readable report on stdout (messages stay on stderr)',
    example: '--json > report.json',
  },
  'keep-browser': {
    type: 'string',
    value: 'SECONDS',
    help: 'keep Chromium running for the next build until idle this long; 0 closes it (default: 600 on a terminal, 0 in scripts and CI)',
    example: '--keep-browser 0   (leave no process behind)',
  },
  now: {
    type: 'string',
    value: 'DATE-TIME',
    help: "the build's clock for embargoes (ISO 8601; UTC unless it has an offset): releases embargoed until later carry the banner and are not listed",
    example: '--now 2023-05-08T09:00+02:00   (print embargoed copies ahead of time)',
  },
  force: { type: 'boolean', help: 'rebuild every release, changed or not', example: '--force   (after upgrading Chromium by hand)' },
  shard: {
    type: 'string',
    value: 'I/N',
    help: 'build only shard I of N (a stable subset) and no listing',
    example: '--shard 2/4 --out shard-2',
  },
  merge: {
    type: 'boolean',
    help: 'join the output folders of all shards (given as arguments) into --out and build the listing',
    example: '--merge --out public shard-1 shard-2   (see docs/sharding.md)',
  },
  version: { type: 'boolean', short: 'v', help: 'print the version and exit', example: '--version   (quote it in bug reports)' },
  help: { type: 'boolean', short: 'h', help: 'show this help and exit', example: '--help' },
} as const satisfies FlagTable;

export const formats: readonly Format[] = ['html', 'pdf'];

export const help = formatHelp(buildFlags, {
  usage: 'npm run build -- [options] [files...]',
  description: [
    'Builds every content/**/*.md into <out>/<name>.html and <out>/<name>.pdf, plus',
    '<out>/index.html and <out>/categories/ listing them. Files given as arguments',
    'limit the build to those releases. Builds are incremental: <out>/.briefing-manifest.json',
    'records what each release depends on, and only what changed is built again.',
    'Problems are printed as',
    '  path:line:column: error|warning: message [rule]',
    'Exit code: 0 all built, 1 some release failed, 2 bad flag or configuration,',
    '3 a bug in Briefing Press (please report it).',
  ].join('\n'),
  examples: [
    'npm run build',
    'npm run build -- --format html --out preview',
    'npm run build -- --json --quiet content/2023-04-04-hayashi-stoltenberg.md',
    'npm run build -- --shard 1/2 --out shard-1 && npm run build -- --shard 2/2 --out shard-2',
    'npm run build -- --merge --out output shard-1 shard-2',
  ],
});
