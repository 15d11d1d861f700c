// CLI entry for `npm run build`: flags -> options -> build -> report -> exit code.
// Exit codes: 0 every document built, 1 some document failed, 2 usage or
// configuration error (bad flag, missing folder, bad site config, no browser).
import path from 'node:path';
import { parseArgs } from 'node:util';

const usage = `Usage: npm run build -- [options] [files...]

Builds every content/**/*.md into output/<path>.html and output/<path>.pdf,
plus output/index.html listing them. Files given as arguments limit the build
to those releases.

Options:
  --content DIR    where the releases are (default: content)
  --out DIR        where to write (default: output)
  --templates DIR  where the templates are (default: templates)
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
  try {
    const report = await build({
      contentDir: values.content,
      outDir: values.out,
      templatesDir: values.templates,
      files: positionals.length > 0 ? positionals : undefined,
    });
    const lines = formatMessages([...report.other, ...report.documents.map((d) => d.file)]);
    for (const line of lines) process.stderr.write(`${line}\n`);
    const seconds = (report.ms / 1000).toFixed(1);
    process.stderr.write(
      `${report.built} built, ${report.failed} failed, in ${seconds} s (output: ${path.relative(process.cwd(), path.resolve(values.out)) || '.'})\n`,
    );
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

process.exitCode = await main();
