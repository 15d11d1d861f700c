// CLI entry for `npm run build`: flags -> options -> build -> report -> exit code.
// Exit codes: 0 every document built, 1 some document failed, 2 usage or
// configuration error (bad flag, missing folder, bad site config, no browser),
// 3 a bug in Briefing Press (see cli/run-command.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildFlags, formats, help } from './build-flags.ts';
import { ArgsError, parseCount, parseFlags, parseList } from './cli/args.ts';
import { jsonMessages, painter, paintMessage, relative, wantsColour } from './cli/output.ts';
import { runCommand } from './cli/run-command.ts';
import type { BuildReport, DocumentResult, Format } from './pipeline/build.ts';
import { parseNow } from './pipeline/core/dates.ts';
import { BriefingError } from './pipeline/core/errors.ts';
import { interruptedBy } from './pipeline/core/interrupt.ts';

function readVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function main(): Promise<number> {
  const paint = painter(wantsColour());
  let parsed: ReturnType<typeof parseFlags<typeof buildFlags>>;
  let selectedFormats: Set<Format>;
  let concurrency: number | undefined;
  let keepBrowserSeconds: number;
  let keeperStarted = false;
  try {
    parsed = parseFlags(buildFlags);
    selectedFormats = parseList('format', parsed.values.format, formats);
    concurrency = parsed.values.concurrency === undefined ? undefined : parseCount('concurrency', parsed.values.concurrency);
    const keep = parsed.values['keep-browser'];
    keepBrowserSeconds = keep === undefined ? defaultKeepBrowser() : parseCount('keep-browser', keep, 86_400, 0);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`${paint.red('error')}: ${error.message}\nRun \`npm run build -- --help\` to see every flag.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`briefing-press ${readVersion()}\n`);
    return 0;
  }
  // Loaded only now: --help must not pay for the pipeline.
  const { build, UsageError } = await import('./pipeline/build.ts');
  const { formatMessages } = await import('./pipeline/core/messages.ts');
  const printLines = (lines: readonly string[]) => {
    for (const line of lines) {
      if (values.quiet && !/:\d+:\d+: error: /.test(line)) continue;
      process.stderr.write(`${paintMessage(line, paint)}\n`);
    }
  };
  try {
    if (values.merge) {
      if (values.shard || values.force) throw new UsageError('--merge takes neither --shard nor --force');
      const { mergeShards } = await import('./pipeline/merge.ts');
      const merged = await mergeShards({
        shardDirs: positionals,
        outDir: values.out,
        contentDir: values.content,
        templatesDir: values.templates,
      });
      printLines(formatMessages(merged.packs.map((p) => p.file)));
      if (!values.quiet) {
        process.stderr.write(
          `${merged.documents} releases merged from ${positionals.length} shards in ${(merged.ms / 1000).toFixed(1)} s (output: ${relative(path.resolve(values.out))})\n`,
        );
      }
      return merged.packs.some((p) => !p.ok) ? 1 : 0;
    }
    const { parseShard } = await import('./pipeline/incremental/shard.ts');
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    if (values.shard !== undefined && !shard)
      throw new UsageError(`--shard expects I/N with 1 ≤ I ≤ N, such as 1/4; got \`${values.shard}\``);
    const now = values.now === undefined ? undefined : parseNow(values.now);
    if (values.now !== undefined && !now)
      throw new UsageError(`--now expects an ISO 8601 date and time such as 2023-05-08T09:00Z; got \`${values.now}\``);
    const { createProgress } = await import('./cli/progress.ts');
    const progress = values.quiet ? { onPlan: () => undefined, onDocument: () => undefined, done: () => undefined } : createProgress();
    const report = await build({
      contentDir: values.content,
      outDir: values.out,
      templatesDir: values.templates,
      files: positionals.length > 0 ? positionals : undefined,
      formats: selectedFormats,
      concurrency,
      keepBrowserSeconds,
      onKeeperStarted: () => {
        keeperStarted = true;
      },
      force: values.force,
      shard,
      now,
      onPlan: progress.onPlan,
      onDocument: progress.onDocument,
    }).finally(progress.done);
    printLines(formatMessages([...report.other, ...report.documents.map((d) => d.file)]));
    if (values.json) process.stdout.write(`${JSON.stringify(jsonReport(report, values.out), null, 2)}\n`);
    if (!values.quiet) process.stderr.write(`${summary(report, values.out, paint)}\n`);
    if (keeperStarted && !values.quiet) {
      process.stderr.write(
        `Chromium stays running for your next build until idle for ${keepBrowserSeconds} s (\`--keep-browser 0\` to not keep it)\n`,
      );
    }
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    // Only problems the user can fix are caught here; anything else is a bug, for runCommand,
    // as is whatever failed because the user stopped the build (it has said so).
    if (error instanceof BriefingError && !interruptedBy()) {
      if (error instanceof UsageError) printLines(formatMessages(error.files));
      process.stderr.write(`${paint.red('error')}: ${error.message}\n`);
      if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, error: error.message }, null, 2)}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * An author at a terminal rebuilds again and again: keeping Chromium warm saves
 * its start (about 1.5 s) each time. A script or CI job builds once and should
 * leave no process behind.
 */
function defaultKeepBrowser(): number {
  return process.stderr.isTTY && !process.env.CI ? 600 : 0;
}

function summary(report: BuildReport, out: string, paint: ReturnType<typeof painter>): string {
  const count = (files: readonly { file: DocumentResult['file'] }[], fatal: boolean) =>
    files.reduce((n, d) => n + d.file.messages.filter((m) => (m.fatal === true) === fatal).length, 0);
  const warnings = count(report.documents, false) + report.other.reduce((n, f) => n + f.messages.length, 0);
  const built = paint.green(`${report.built} built`);
  const failed = report.failed > 0 ? paint.red(paint.bold(`${report.failed} failed`)) : `${report.failed} failed`;
  const warned = warnings > 0 ? `, ${paint.yellow(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`)}` : '';
  const upToDate = report.upToDate > 0 ? `, ${report.upToDate} up to date` : '';
  const removed = report.removed.length > 0 ? `, ${report.removed.length} old files removed` : '';
  return `${built}, ${failed}${warned}${upToDate}${removed}, in ${(report.ms / 1000).toFixed(1)} s (output: ${relative(path.resolve(out))})`;
}

/** The --json report: stable keys, paths relative to the working folder, sizes in bytes, times in ms. */
function jsonReport(report: BuildReport, out: string) {
  const documents = report.documents.map((d) => ({
    source: relative(d.file.path),
    slug: d.slug ?? null,
    ok: d.ok,
    outputs: d.outputs.map((o) => relative(path.resolve(out, o))),
    pages: d.pages ?? null,
    bytes: d.bytes ?? null,
    warnings: jsonMessages(d.file, false),
    errors: jsonMessages(d.file, true),
    ms: d.ms,
  }));
  return {
    ok: report.failed === 0,
    out: relative(path.resolve(out)),
    documents,
    other: report.other.map((f) => ({ source: relative(f.path), warnings: jsonMessages(f, false), errors: jsonMessages(f, true) })),
    totals: {
      documents: documents.length,
      built: report.built,
      failed: report.failed,
      warnings: documents.reduce((n, d) => n + d.warnings.length, 0),
      errors: documents.reduce((n, d) => n + d.errors.length, 0),
      pages: documents.reduce((n, d) => n + (d.pages ?? 0), 0),
      bytes: documents.reduce((n, d) => n + (d.bytes ?? 0), 0),
      ms: report.ms,
    },
  };
}

process.exitCode = await runCommand(main);
