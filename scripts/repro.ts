// `npm run repro`: proves that a build is a pure function of its input. Builds
// the sample, every fixture under tests/fixtures that builds, and a
// mixed-language pack (see repro/mixed-content.ts) several times into fresh
// temporary folders with different --concurrency settings, compares every
// output byte for byte, and names the first file (and PDF page) that differs.
// Exit 0: all the same; 1: a difference; 2: a content folder did not build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareOutputs } from './repro/compare-outputs.ts';
import { writeMixedContent } from './repro/mixed-content.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const usage = `Usage: npm run repro -- [--runs N] [--content DIR]...

  --runs N        builds of each content folder (default: 3), with --concurrency 1, 2, 4, 1, 2...
  --content DIR   build this folder instead of the sample, the fixtures and the mixed pack (repeatable)`;

const concurrencies = [1, 2, 4];

function main(): number {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, content: { type: 'string', multiple: true }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 2) {
    process.stderr.write(`--runs must be a whole number of at least 2, found ${values.runs}\n${usage}\n`);
    return 2;
  }
  const work = mkdtempSync(path.join(tmpdir(), 'briefing-repro-'));
  try {
    const folders = values.content?.map((dir) => ({ name: dir, dir: path.resolve(dir), mustBuild: true })) ?? defaultFolders(work);
    let status = 0;
    for (const { name, dir, mustBuild } of folders) {
      const outs: string[] = [];
      let failed = false;
      for (let run = 0; run < runs && !failed; run++) {
        const concurrency = concurrencies[run % concurrencies.length] as number;
        const out = path.join(work, `out-${outs.length}-${path.basename(dir)}`);
        const result = spawnSync(
          process.execPath,
          [path.join(root, 'scripts/run.mjs'), 'build', '--quiet', '--content', dir, '--out', out, '--concurrency', String(concurrency)],
          { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
        );
        if (result.status !== 0) {
          failed = true;
          if (mustBuild) {
            process.stderr.write(`${name}: the build failed (exit ${result.status}):\n${result.stderr}`);
            status = Math.max(status, 2);
          } else process.stdout.write(`${name}: skipped, it does not build (exit ${result.status})\n`);
        }
        outs.push(out);
      }
      if (failed) continue;
      const first = outs[0] as string;
      const difference = outs.slice(1).reduce<string | undefined>((found, other, i) => {
        if (found) return found;
        const d = compareOutputs(first, other);
        return (
          d &&
          `build 1 (--concurrency ${concurrencies[0]}) and build ${i + 2} (--concurrency ${concurrencies[(i + 1) % concurrencies.length]}) differ: ${d.file}: ${d.detail}`
        );
      }, undefined);
      if (difference) {
        process.stdout.write(`${name}: ${difference}\n`);
        status = Math.max(status, 1);
      } else process.stdout.write(`${name}: ${runs} builds, every file the same\n`);
      for (const out of outs) rmSync(out, { recursive: true, force: true });
    }
    return status;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The sample, each fixture folder with a site.yml, and a generated mixed-language folder. */
function defaultFolders(work: string): Array<{ name: string; dir: string; mustBuild: boolean }> {
  const fixtures = path.join(root, 'tests/fixtures');
  const mixed = path.join(work, 'mixed-languages');
  mkdirSync(mixed);
  writeMixedContent(root, mixed);
  return [
    { name: 'content (the sample)', dir: path.join(root, 'content'), mustBuild: true },
    ...readdirSync(fixtures)
      .filter((name) => existsSync(path.join(fixtures, name, 'site.yml')))
      .sort()
      .map((name) => ({ name: `tests/fixtures/${name}`, dir: path.join(fixtures, name), mustBuild: false })),
    { name: 'mixed-language pack', dir: mixed, mustBuild: true },
  ];
}

process.exitCode = main();
