// `npm run bench`: how far the build is from the floor (Chromium alone printing
// the same HTML) and from the other tools, in one run on one machine. Each step
// is a separate process, timed by wall clock, with the peak memory of its whole
// process tree and its CPU time split between Node and Chromium. The pieces
// live in scripts/bench/. Not a test: numbers depend on the machine.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { floor } from './bench/floor.ts';
import { generate, projectRoot } from './bench/generate.ts';
import { makeProbe } from './bench/measure.ts';
import { fullBrowser, measureMdToPdf, otherPeers } from './bench/peers.ts';
import { measurePreview } from './bench/preview.ts';
import { report } from './bench/report.ts';
import { type BenchContext, mainSteps, type Row, sizeSteps } from './bench/steps.ts';
import { runCommand } from './cli/run-command.ts';
import { UsageError } from './pipeline/core/errors.ts';
import { findBrowser } from './pipeline/print/find-browser.ts';

/** Folder sizes of `--scale`: one changed among 10 and among 1,000, and the archive of 10,000. */
const scaleSizes = [10, 1000, 10_000];

const usage = `Usage: npm run bench -- [--count N] [--runs R] [--pages P] [--edits E] [--bodies B] [--sizes L] [--scale] [--keep]

  --count N   releases to generate (default: 100; over 100, a cold build of 100 is measured too, for linearity)
  --runs R    repeat the main steps R times and print medians (default: 1)
  --pages P   pages printing at once, for the build and the floor (default: cores)
  --edits E   edits timed for edit-to-preview in npm run dev (default: 7; 0 skips it)
  --peers     measure md-to-pdf (installed on demand outside the repository) too (on with --scale)
  --scale     also folders of ${scaleSizes.join(', ')}: one changed among 1,000 vs among 10, cold and no-change of 10,000
  --bodies B  each release of the main folder holds B copies of the sample's body (default: 1 to 6, varied)
  --sizes L   also folders of these sizes (comma-separated, e.g. 10,1000): cold, no-change and one changed (median of 3)
  --keep      keep the temporary folder and print its path`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100' },
      runs: { type: 'string', default: '1' },
      pages: { type: 'string', default: String(availableParallelism()) },
      edits: { type: 'string', default: '7' },
      peers: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '' },
      bodies: { type: 'string' },
      keep: { type: 'boolean', default: false },
      floor: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const pages = Number(values.pages);
  if (values.floor) return await floor(values.floor, pages);
  const count = Number(values.count);
  const runs = Number(values.runs);

  const work = mkdtempSync(path.join(tmpdir(), 'briefing-bench-'));
  const content = path.join(work, 'content');
  const out = path.join(work, 'out');
  const bodies = values.bodies === undefined ? undefined : Number(values.bodies);
  if (bodies !== undefined && !(Number.isInteger(bodies) && bodies >= 1))
    throw new UsageError(`--bodies takes a whole number from 1: ${values.bodies}`);
  generate(content, count, bodies);
  // The warm browser's socket lives in this run's folder, so the keeper is this run's alone.
  const keeperDir = path.join(work, 'run');
  mkdirSync(keeperDir, { mode: 0o700 });
  const probe = makeProbe(work, { ...process.env, NO_COLOR: '1', XDG_RUNTIME_DIR: keeperDir });
  const ctx: BenchContext = { runner: path.join(projectRoot, 'scripts/run.mjs'), probe, root: projectRoot, keeperDir, pages };

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  process.stderr.write(`${count} releases in ${work}; ${runs} run(s), ${pages} pages; load ${load}\n`);
  const rows: Row[] = [];
  for (let run = 1; run <= runs; run++) {
    const row = await mainSteps(ctx, content, out, run);
    rows.push(row);
    const text = Object.entries(row)
      .map(([k, m]) => `${k} ${m.seconds.toFixed(2)} s`)
      .join(', ');
    process.stderr.write(`run ${run}: ${text}\n`);
  }
  // md-to-pdf as shipped (a full Chromium), then on the browser we print with, when that is another.
  const full = fullBrowser();
  const peers =
    values.peers || values.scale
      ? [
          await measureMdToPdf(content, probe, full),
          ...(full && full !== (await findBrowser()) ? [await measureMdToPdf(content, probe)] : []),
          ...otherPeers(),
        ]
      : [];
  const edits = Number(values.edits);
  const preview = edits > 0 ? await measurePreview(ctx.runner, content, out, probe, projectRoot, edits) : undefined;
  const sizes = new Map<number, Row>();
  const listed = values.sizes
    .split(',')
    .filter(Boolean)
    .map((size) => Number(size));
  if (listed.some((size) => !Number.isInteger(size) || size < 1))
    throw new UsageError(`--sizes takes whole numbers, as in 10,1000: ${values.sizes}`);
  for (const size of [...(values.scale ? scaleSizes : listed), ...(count > 100 ? [100] : [])]) {
    if (size !== count && !sizes.has(size)) sizes.set(size, await sizeSteps(ctx, size));
  }
  process.stdout.write(report({ count, pages, rows, peers, preview, sizes }));
  process.stdout.write(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (at the start: ${load})\n`,
  );
  if (values.keep) process.stderr.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  return 0;
}

process.exitCode = await runCommand(main);
