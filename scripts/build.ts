// CLI entry for `npm run build`: flags -> options -> build -> report -> exit code.
// Exit codes: 0 every document built, 1 some document failed, 2 usage or
// configuration error (bad flag, missing folder, bad site config, no browser).
import path from 'node:path';
import { parseArgs } from 'node:util';

const usage = `Usage: npm run build -- [options] [files...]

       npm run build -- --merge [options] SHARD_DIR...

Builds every content/**/*.md into output/<path>.html and output/<path>.pdf,
plus output/index.html listing them. Files given as arguments limit the build
to those releases. Builds are incremental: output/.briefing-manifest.json
records what each release depends on, and only what changed is built again.

Options:
  --content DIR    where the releases are (default: content)
  --out DIR        where to write (default: output)
  --templates DIR  where the templates are (default: templates)
  --force          rebuild every release, changed or not
  --shard I/N      build only shard I of N (a stable subset) and no listing
  --merge          join the output folders of all N shards into --out and
                   build the listing (see docs/sharding.md)
  --help           show this help

Example:
  npm run build -- --content content --out public content/2023-04-04-hayashi-stoltenberg.md`;

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  // Loaded only now: --help must not pay for the pipeline.
  const { build, UsageError } = await import('./pipeline/build.ts');
  const { NoBrowserError } = await import('./pipeline/browser.ts');
  const { formatMessages } = await import('./pipeline/messages.ts');
  const { parseShard } = await import('./pipeline/shard.ts');
  const output = path.relative(process.cwd(), path.resolve(values.out)) || '.';
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
      process.stderr.write(
        `${merged.documents} releases merged from ${positionals.length} shards in ${(merged.ms / 1000).toFixed(1)} s (output: ${output})\n`,
      );
      return 0;
    }
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    if (values.shard !== undefined && !shard)
      throw new UsageError(`--shard expects I/N with 1 ≤ I ≤ N, such as 1/4; got \`${values.shard}\``);
    const { createProgress } = await import('./pipeline/progress.ts');
    const progress = createProgress();
    const report = await build({
      contentDir: values.content,
      outDir: values.out,
      templatesDir: values.templates,
      files: positionals.length > 0 ? positionals : undefined,
      force: values.force,
      shard,
      onPlan: progress.onPlan,
      onDocument: progress.onDocument,
    }).finally(progress.done);
    const lines = formatMessages([...report.other, ...report.documents.map((d) => d.file)]);
    for (const line of lines) process.stderr.write(`${line}\n`);
    const seconds = (report.ms / 1000).toFixed(1);
    const extra = [
      report.upToDate > 0 ? `${report.upToDate} up to date` : '',
      report.removed.length > 0 ? `${report.removed.length} old files removed` : '',
    ]
      .filter(Boolean)
      .map((part) => `, ${part}`)
      .join('');
    process.stderr.write(`${report.built} built, ${report.failed} failed${extra}, in ${seconds} s (output: ${output})\n`);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      for (const line of formatMessages(error.files)) process.stderr.write(`${line}\n`);
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof NoBrowserError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'output' },
      templates: { type: 'string', default: 'templates' },
      force: { type: 'boolean', default: false },
      shard: { type: 'string' },
      merge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

process.exitCode = await main();
