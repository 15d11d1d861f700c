// `npm run bench`: how far the build is from the floor, the time Chromium itself
// needs to print the same HTML with one browser and the same pool of reused
// pages. Generates N releases from the sample (varied length) in a temporary
// folder and measures, in one run: the CLI's bare start-up (`--help`), a cold
// build, the floor, a no-change rebuild and a one-changed rebuild. Each is a
// separate process, timed by wall clock, with the peak memory of its whole
// process tree (Chromium included). Not a test: numbers depend on the machine.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withoutPolicyMeta } from './pipeline/render/csp.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sample = path.join(root, 'content/2023-04-04-hayashi-stoltenberg.md');

const usage = `Usage: npm run bench -- [--count N] [--runs R] [--pages P] [--keep]

  --count N   releases to generate (default: 100; try 1000)
  --runs R    repeat the whole measurement R times and print medians (default: 1)
  --pages P   pages printing at once, for the build and the floor (default: cores)
  --keep      keep the temporary folder and print its path`;

interface Measure {
  readonly seconds: number;
  /** Peak of the summed PSS (proportional set size: shared pages split between their users) of the process and all its descendants, in MiB. */
  readonly peakMiB: number;
  /** The same with RSS, which counts shared pages once per process. */
  readonly peakRssMiB: number;
  readonly stderr: string;
  readonly status: number | null;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100' },
      runs: { type: 'string', default: '1' },
      pages: { type: 'string', default: String(availableParallelism()) },
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
  generate(content, count);
  const launchLog = path.join(work, 'launches.log');
  const wrapper = path.join(work, 'chromium.sh');
  const real = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
  writeFileSync(wrapper, `#!/bin/sh\necho "$$ $*" >> '${launchLog}'\nexec '${real}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  // The warm browser's socket lives in this run's folder, so the keeper is this run's alone.
  const keeperDir = path.join(work, 'run');
  mkdirSync(keeperDir, { mode: 0o700 });
  const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: wrapper, NO_COLOR: '1', XDG_RUNTIME_DIR: keeperDir };
  const runner = path.join(root, 'scripts/run.mjs');
  const cli = (...args: string[]) => measure(process.execPath, [runner, 'build', ...args], env, root);
  const buildArgs = ['--content', content, '--out', out];
  const changed = path.join(content, readdirSync(content).filter((n) => n.endsWith('.md'))[Math.floor(count / 2)] ?? '');
  const original = readFileSync(changed);

  process.stderr.write(
    `${count} releases in ${work}; ${runs} run(s), ${pages} pages; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const rows: Array<Record<string, Measure>> = [];
  for (let run = 1; run <= runs; run++) {
    rmSync(out, { recursive: true, force: true });
    writeFileSync(changed, original);
    const row: Record<string, Measure> = {};
    row.help = await cli('--help');
    row.cold = await cli(...buildArgs);
    check(row.cold, 'cold build');
    row.floor = await measure(process.execPath, [runner, 'bench', '--floor', out, '--pages', String(pages)], env, root);
    check(row.floor, 'floor');
    writeFileSync(launchLog, '');
    row['no-change'] = await cli(...buildArgs);
    check(row['no-change'], 'no-change rebuild');
    const launches = readFileSync(launchLog, 'utf8').trim();
    if (launches !== '') process.stderr.write(`warning: the no-change rebuild started the browser:\n${launches}\n`);
    writeFileSync(changed, `${original.toString('utf8')}\nOne more sentence for run ${run}.\n`);
    row['one-changed'] = await cli(...buildArgs);
    check(row['one-changed'], 'one-changed rebuild');
    if (!/^1 built, 0 failed/m.test(row['one-changed'].stderr))
      process.stderr.write(`warning: one-changed built: ${summary(row['one-changed'])}\n`);
    // The same with the browser kept warm (--keep-browser, the default at a terminal): a first
    // rebuild starts the keeper, the measured one finds it running.
    const warm = [...buildArgs, '--keep-browser', '120'];
    writeFileSync(changed, `${original.toString('utf8')}\nOne more sentence for run ${run}, warming up.\n`);
    check(await cli(...warm), 'warm-up rebuild');
    writeFileSync(changed, `${original.toString('utf8')}\nOne more sentence for run ${run}, warm.\n`);
    row['one-changed-warm'] = await cli(...warm);
    check(row['one-changed-warm'], 'one-changed rebuild, warm browser');
    stopKeepers(keeperDir);
    rows.push(row);
    process.stderr.write(
      `run ${run}: ${Object.entries(row)
        .map(([k, m]) => `${k} ${m.seconds.toFixed(2)} s`)
        .join(', ')}; browser launches on no-change: ${launches === '' ? 0 : launches.split('\n').length}\n`,
    );
  }
  writeFileSync(changed, original);

  const median = (name: string, pick: (m: Measure) => number) => {
    const list = rows.map((r) => pick(r[name] as Measure)).sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)] ?? Number.NaN;
  };
  const floorSeconds = median('floor', (m) => m.seconds);
  const helpSeconds = median('help', (m) => m.seconds);
  const lines = [
    `Briefing Press bench: ${count} releases, ${pages} pages, ${availableParallelism()} cores, median of ${runs} run(s)`,
    `${'step'.padEnd(16)} ${'seconds'.padStart(8)} ${'× floor'.padStart(8)} ${'docs/s'.padStart(8)} ${'PSS MiB'.padStart(9)} ${'RSS MiB'.padStart(9)}`,
  ];
  for (const name of ['floor', 'cold', 'no-change', 'one-changed', 'one-changed-warm', 'help']) {
    const seconds = median(name, (m) => m.seconds);
    const docs = name === 'floor' || name === 'cold' ? (count / seconds).toFixed(1) : '';
    lines.push(
      `${name.padEnd(16)} ${seconds.toFixed(2).padStart(8)} ${(seconds / floorSeconds).toFixed(2).padStart(8)} ${docs.padStart(8)} ${median(
        name,
        (m) => m.peakMiB,
      )
        .toFixed(0)
        .padStart(9)} ${median(name, (m) => m.peakRssMiB)
        .toFixed(0)
        .padStart(9)}`,
    );
  }
  lines.push(
    `no-change minus --help: ${(median('no-change', (m) => m.seconds) - helpSeconds).toFixed(2)} s (target ≤ 0.30); cold / floor: ${(median('cold', (m) => m.seconds) / floorSeconds).toFixed(2)} (target ≤ 1.5); one-changed: ${median('one-changed', (m) => m.seconds).toFixed(2)} s, with the browser kept warm ${median('one-changed-warm', (m) => m.seconds).toFixed(2)} s (target ≤ 2)`,
    'Peak memory of the whole process tree (node and every Chromium process): PSS shares pages between processes, RSS counts them in each.',
    'one-changed-warm: the kept browser runs apart from the build, so its memory is not in the figures.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.keep) process.stderr.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  return 0;
}

/** Ends the warm browsers whose sockets are in `dir` (the keeper's command line names its socket). */
function stopKeepers(dir: string): void {
  const found = spawnSync('pgrep', ['-f', `browser-keeper.mjs ${dir}`], { encoding: 'utf8' });
  for (const pid of found.stdout.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGTERM');
}

const summary = (m: Measure) => /\d+ built, \d+ failed.*/.exec(m.stderr)?.[0] ?? m.stderr.trim().split('\n').slice(-3).join(' | ');

function check(m: Measure, what: string): void {
  if (m.status !== 0) throw new Error(`${what} failed (exit ${m.status}):\n${m.stderr}`);
}

/** `count` releases from the sample: dates a day apart, five categories, one to six copies of the body. */
function generate(content: string, count: number): void {
  mkdirSync(content, { recursive: true });
  cpSync(path.join(root, 'content/site.yml'), path.join(content, 'site.yml'));
  const text = readFileSync(sample, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`Cannot split the sample's front matter: ${sample}`);
  const frontMatter = (match[1] ?? '').replace(/^(title|date|category|short_title|key):.*$/gm, '').trim();
  const body = (match[2] ?? '').trim();
  const categories = ['NATO', 'Europe', 'Asia', 'Economy', 'Security'];
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < count; i++) {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const copies = 1 + ((i * 7) % 6);
    const parts = Array.from({ length: copies }, (_, k) => (k === 0 ? body : `## Part ${k + 1}\n\n${body}`));
    writeFileSync(
      path.join(content, `${date}-release-${String(i).padStart(4, '0')}.md`),
      `---\ntitle: "Release ${i}: meeting between the Foreign Minister and a counterpart"\ndate: ${date}\ncategory: ${categories[i % categories.length]}\n${frontMatter}\n---\n\n${parts.join('\n\n')}\n`,
    );
  }
}

/** Runs a command; wall time and the peak summed RSS of its process tree, sampled every 50 ms. */
function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    let peak = 0;
    let peakRss = 0;
    const timer = setInterval(() => {
      if (!child.pid) return;
      const memory = treeMemory(child.pid);
      peak = Math.max(peak, memory.pss);
      peakRss = Math.max(peakRss, memory.rss);
    }, 50);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peak / 1024, peakRssMiB: peakRss / 1024, stderr, status });
    });
  });
}

/** Summed PSS and RSS (KiB) of `pid` and its descendants, from /proc. */
function treeMemory(pid: number): { pss: number; rss: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] ?? 0);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  let pss = 0;
  let rss = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    try {
      const rollup = readFileSync(`/proc/${current}/smaps_rollup`, 'utf8');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // ended, or not ours to read
    }
    stack.push(...(children.get(current) ?? []));
  }
  return { pss, rss };
}

/**
 * The floor: Puppeteer alone prints every release page in `outDir` with one
 * browser and `pages` reused pages via setContent, the page's fonts and images
 * answered from the folder (read once) as the build does. Same flags, same PDF
 * options; no Markdown, templates or post-processing.
 */
async function floor(outDir: string, pages: number): Promise<number> {
  const { default: puppeteer } = await import('puppeteer');
  const { browserArgs } = await import('./pipeline/print/browser.ts');
  const origin = 'https://floor.invalid';
  const files = readdirSync(outDir).filter((n) => n.endsWith('.html') && n !== 'index.html');
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: browserArgs(),
  });
  const cache = new Map<string, Buffer>();
  const pool = await Promise.all(
    Array.from({ length: Math.max(1, pages) }, async () => {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        if (url === `${origin}/`) return void request.respond({ status: 200, contentType: 'text/html', body: '' });
        if (!url.startsWith(`${origin}/`)) return void request.abort();
        const file = path.join(outDir, decodeURIComponent(new URL(url).pathname));
        let body = cache.get(file);
        if (!body) {
          try {
            body = readFileSync(file);
            cache.set(file, body);
          } catch {
            return void request.abort();
          }
        }
        const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'application/octet-stream';
        return void request.respond({ status: 200, contentType: type, body });
      });
      await page.goto(`${origin}/`);
      return page;
    }),
  );
  let next = 0;
  await Promise.all(
    pool.map(async (page) => {
      while (next < files.length) {
        const name = files[next++] as string;
        // As the build's pool does: no CSP meta in the printed copy (setContent keeps a meta policy for the next document).
        const html = withoutPolicyMeta(readFileSync(path.join(outDir, name), 'utf8')).replace(/<head>/i, `<head><base href="${origin}/">`);
        await page.setContent(html, { waitUntil: 'load' });
        await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
      }
    }),
  );
  await browser.close();
  return 0;
}

process.exitCode = await main();
