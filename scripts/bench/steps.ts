// The measured steps of a run, each a separate process: the CLI's bare
// start-up, a cold build, the floor, a no-change rebuild, a one-changed
// rebuild (without and with a kept browser); and the same builds on folders of
// other sizes, for the scale ratios.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { editor, generate, releaseFiles } from './generate.ts';
import { check, type Measure, measure, type Probe, sleepSync, summary } from './measure.ts';

export interface BenchContext {
  readonly runner: string;
  readonly probe: Probe;
  readonly root: string;
  /** Where the kept browser's socket lives: this run's own. */
  readonly keeperDir: string;
  readonly pages: number;
}

export type Row = Record<string, Measure>;

const build = (ctx: BenchContext, ...args: string[]) => measure(process.execPath, [ctx.runner, 'build', ...args], ctx.probe, ctx.root);

/** One run of the main steps on `content`, building into `out` from nothing. */
export async function mainSteps(ctx: BenchContext, content: string, out: string, run: number): Promise<Row> {
  rmSync(out, { recursive: true, force: true });
  const edit = editor(content);
  edit.restore();
  const buildArgs = ['--content', content, '--out', out];
  const row: Row = {};
  row.help = await build(ctx, '--help');
  row.cold = await build(ctx, ...buildArgs);
  check(row.cold, 'cold build');
  row.floor = await measure(process.execPath, [ctx.runner, 'bench', '--floor', out, '--pages', String(ctx.pages)], ctx.probe, ctx.root);
  check(row.floor, 'floor');
  // The same way, one line of text per page: what a print costs Chromium before any content (the floor under the floor).
  row['floor-blank'] = await measure(
    process.execPath,
    [ctx.runner, 'bench', '--floor', blankPages(path.join(ctx.probe.work, 'blank'), count(content)), '--pages', String(ctx.pages)],
    ctx.probe,
    ctx.root,
  );
  check(row['floor-blank'], 'floor of blank pages');
  writeFileSync(ctx.probe.launchLog, '');
  row['no-change'] = await build(ctx, ...buildArgs);
  check(row['no-change'], 'no-change rebuild');
  const launches = readFileSync(ctx.probe.launchLog, 'utf8').trim();
  if (launches !== '') process.stderr.write(`warning: the no-change rebuild started the browser:\n${launches}\n`);
  edit.change(`run ${run}`);
  row['one-changed'] = await build(ctx, ...buildArgs);
  check(row['one-changed'], 'one-changed rebuild');
  if (!/^1 built, 0 failed/m.test(row['one-changed'].stderr))
    process.stderr.write(`warning: one-changed built: ${summary(row['one-changed'])}\n`);
  // The same with the browser kept warm (--keep-browser, the default at a terminal): a first
  // rebuild starts the keeper, the measured one finds it running.
  const warm = [...buildArgs, '--keep-browser', '120'];
  edit.change(`run ${run}, warming up`);
  check(await build(ctx, ...warm), 'warm-up rebuild');
  edit.change(`run ${run}, warm`);
  row['one-changed-warm'] = await build(ctx, ...warm);
  check(row['one-changed-warm'], 'one-changed rebuild, warm browser');
  stopKeepers(ctx.keeperDir);
  edit.restore();
  return row;
}

/** `count` pages of one line each in `dir`, as the floor prints them. */
function blankPages(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    writeFileSync(
      path.join(dir, `page-${i}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${i}</title></head><body><p>Page ${i}</p></body></html>\n`,
    );
  }
  return dir;
}

const count = (content: string): number => releaseFiles(content).length;

/** A folder of `size` releases built cold, then rebuilt with no change and with one changed (no kept browser, as in CI). */
export async function sizeSteps(ctx: BenchContext, size: number): Promise<Row> {
  const content = path.join(ctx.probe.work, `size-${size}`, 'content');
  const out = path.join(ctx.probe.work, `size-${size}`, 'out');
  generate(content, size);
  const buildArgs = ['--content', content, '--out', out];
  process.stderr.write(`${size} releases: cold build…\n`);
  const row: Row = {};
  row.cold = await build(ctx, ...buildArgs);
  check(row.cold, `cold build of ${size}`);
  row['no-change'] = await build(ctx, ...buildArgs);
  check(row['no-change'], `no-change rebuild of ${size}`);
  // The median of three edits: one build is a single sample, and the ratio of two of them is judged against 1.5.
  const edit = editor(content);
  const edits: Measure[] = [];
  for (const round of [1, 2, 3]) {
    edit.change(`size ${size}, edit ${round}`);
    const measured = await build(ctx, ...buildArgs);
    check(measured, `one-changed rebuild of ${size}`);
    edits.push(measured);
  }
  const median = edits.sort((a, b) => a.seconds - b.seconds)[1];
  if (median) row['one-changed'] = median;
  rmSync(path.dirname(content), { recursive: true, force: true });
  return row;
}

/**
 * Ends the warm browsers whose sockets are in `dir` (the keeper's command line
 * names its socket), and waits up to 10 s for them to go: one still closing its
 * browser kept writing into the bench's folder while it was being removed.
 */
function stopKeepers(dir: string): void {
  const keepers = () =>
    spawnSync('pgrep', ['-f', `browser-keeper.mjs ${dir}`], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
  for (const pid of keepers()) process.kill(pid, 'SIGTERM');
  const until = Date.now() + 10_000;
  while (keepers().length > 0 && Date.now() < until) sleepSync(100);
}
