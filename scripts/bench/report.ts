// The bench's printout: one table of the main steps (medians over the runs),
// then the peers, edit-to-preview and the scale steps, each beside its target
// from issue 14.
import { availableParallelism } from 'node:os';
import type { Measure } from './measure.ts';
import { cleanCallSeconds, mdToPdfAttempts, type PeerResult } from './peers.ts';
import type { PreviewResult } from './preview.ts';
import type { Row } from './steps.ts';

export interface Results {
  readonly count: number;
  readonly pages: number;
  readonly rows: readonly Row[];
  readonly peers: readonly PeerResult[];
  readonly preview?: PreviewResult | undefined;
  /** Rows of the folder-size steps, by size. */
  readonly sizes: ReadonlyMap<number, Row>;
}

const median = (list: readonly number[]): number => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** The step's CPU seconds, best count first (measure.ts says why): its cgroup's, the machine's, the process tree's. */
const cpuOf = (m: Measure): number =>
  Number.isFinite(m.cgroupCpuSeconds) ? m.cgroupCpuSeconds : Number.isFinite(m.machineCpuSeconds) ? m.machineCpuSeconds : m.cpuSeconds;

/** CPU milliseconds per release, Node's and Chromium's: the browsers' cgroup, or else Node's from the tree (exact) and Chromium the rest. */
const perRelease = (m: Measure, count: number) => {
  const node = Number.isFinite(m.cgroupChromiumCpuSeconds)
    ? m.cgroupCpuSeconds - m.cgroupChromiumCpuSeconds
    : m.cpuSeconds - m.chromiumCpuSeconds;
  return { node: (node * 1000) / count, chromium: ((cpuOf(m) - node) * 1000) / count };
};

/** How the CPU figures were counted, for the printout. */
const cpuSource = (m: Measure | undefined): string =>
  m && Number.isFinite(m.cgroupCpuSeconds)
    ? 'CPU: user + system seconds of a cgroup per step (every process the step started, wherever it was reparented; exact under other load); Chromium: its browsers’ cgroup; Node: the rest.'
    : 'CPU: user + system seconds of the whole machine over the step, less its idle rate and the bench’s own sampling (the process tree misses Chromium’s zygote children); Node: its own, exactly; Chromium: the rest.';

const cells = (values: ReadonlyArray<readonly [string, number]>) => values.map(([text, width]) => text.padStart(width)).join(' ');

export function report(results: Results): string {
  const { count, rows } = results;
  const pick = (name: string, value: (m: Measure) => number) => median(rows.map((r) => (r[name] ? value(r[name]) : Number.NaN)));
  const floorSeconds = pick('floor', (m) => m.seconds);
  const lines = [
    `Briefing Press bench: ${count} releases, ${results.pages} pages, ${availableParallelism()} cores, median of ${rows.length} run(s)`,
    `${'step'.padEnd(16)} ${cells([
      ['seconds', 8],
      ['× floor', 8],
      ['docs/s', 7],
      ['CPU s', 7],
      ['Node ms/doc', 11],
      ['Chromium ms/doc', 15],
      ['PSS MiB', 8],
      ['RSS MiB', 8],
    ])}`,
  ];
  for (const name of ['floor-blank', 'floor', 'cold', 'no-change', 'one-changed', 'one-changed-warm', 'help']) {
    const seconds = pick(name, (m) => m.seconds);
    const perDoc = name === 'floor-blank' || name === 'floor' || name === 'cold';
    lines.push(
      `${name.padEnd(16)} ${cells([
        [seconds.toFixed(2), 8],
        [(seconds / floorSeconds).toFixed(2), 8],
        [perDoc ? (count / seconds).toFixed(1) : '', 7],
        [pick(name, cpuOf).toFixed(2), 7],
        [perDoc ? pick(name, (m) => perRelease(m, count).node).toFixed(0) : '', 11],
        [perDoc ? pick(name, (m) => perRelease(m, count).chromium).toFixed(0) : '', 15],
        [pick(name, (m) => m.peakMiB).toFixed(0), 8],
        [pick(name, (m) => m.peakRssMiB).toFixed(0), 8],
      ])}`,
    );
  }
  const cold = pick('cold', (m) => m.seconds);
  const perPrint = (pick('floor-blank', cpuOf) * 1000) / count;
  lines.push(
    `floor-blank: the floor on ${count} one-line pages, ${perPrint.toFixed(0)} ms of CPU per print (browser start included): what printing each release on its own in Chromium costs before any content`,
    `cold build: ${((pick('cold', cpuOf) * 1000) / count).toFixed(0)} ms of CPU per release (target ≤ 95 on the issue's machine); the process tree's own count: ${((pick('cold', (m) => m.cpuSeconds) * 1000) / count).toFixed(0)} ms`,
    `no-change minus --help: ${(pick('no-change', (m) => m.seconds) - pick('help', (m) => m.seconds)).toFixed(2)} s (target ≤ 0.30); cold / floor: ${(cold / floorSeconds).toFixed(2)} (target ≤ 1.5); one-changed: ${pick('one-changed', (m) => m.seconds).toFixed(2)} s, with the browser kept warm ${pick('one-changed-warm', (m) => m.seconds).toFixed(2)} s (target ≤ 2)`,
  );
  for (const peer of results.peers) {
    if (!peer.measure) {
      lines.push(`peer ${peer.name}: skipped, ${peer.skipped}`);
      continue;
    }
    const m = peer.measure;
    const coldCpu = pick('cold', cpuOf);
    lines.push(
      `peer ${peer.name}: ${m.seconds.toFixed(2)} s, ${((cpuOf(m) * 1000) / count).toFixed(0)} ms CPU per release (Node ${perRelease(m, count).node.toFixed(0)}, Chromium ${perRelease(m, count).chromium.toFixed(0)}), peak PSS ${m.peakMiB.toFixed(0)} MiB`,
      `  ours (cold) / it: wall ${(cold / m.seconds).toFixed(3)} (it is ${(m.seconds / cold).toFixed(2)} × slower; target ≥ 5), CPU ${(coldCpu / cpuOf(m)).toFixed(3)}`,
    );
    if (peer.failures) {
      lines.push(`  its run was not clean, so its figures are not either: ${peer.failures}`);
      const clean = cleanCallSeconds(m.stderr);
      if (clean)
        lines.push(
          `  its calls' clean tries (each call tried up to ${mdToPdfAttempts} times; ${clean.clean} of ${clean.calls} calls ran clean, as timed${clean.clean < clean.calls ? ', each other at their median' : ''}): ${clean.seconds.toFixed(2)} s; it is then ${(clean.seconds / cold).toFixed(2)} × slower (target ≥ 5)`,
        );
    }
  }
  if (results.preview) lines.push(...previewLines(results.preview));
  lines.push(...scaleLines(new Map([...results.sizes, [count, medianRow(rows)]])));
  lines.push(
    cpuSource(rows[0]?.cold),
    'Peak memory of the whole process tree (node and every Chromium process): PSS shares pages between processes, RSS counts them in each.',
    'one-changed-warm: the kept browser runs apart from the build, so its memory and CPU are not in the figures.',
  );
  return `${lines.join('\n')}\n`;
}

/** Median, quartiles and range of a list of milliseconds, and the list itself. */
export function spread(ms: readonly number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.round(q * (sorted.length - 1))] ?? Number.NaN).toFixed(0);
  return `median ${median(ms).toFixed(0)} ms of ${ms.length} (quartiles ${at(0.25)}–${at(0.75)}, range ${at(0)}–${at(1)}: ${ms.map((v) => v.toFixed(0)).join(', ')})`;
}

function previewLines(preview: PreviewResult): string[] {
  const lines = [];
  if (preview.millis.length > 0) lines.push(`edit-to-preview in npm run dev: ${spread(preview.millis)} (target ≤ 300)`);
  if (preview.builtMillis.length > 0)
    lines.push(`edit to its build's end in npm run dev (PDF, listing, packs): ${spread(preview.builtMillis)}`);
  if (preview.failed) lines.push(`edit-to-preview FAILED: ${preview.failed}`);
  return lines;
}

/** The main steps' medians as one row (for the scale lines). */
function medianRow(rows: readonly Row[]): Row {
  const row: Row = {};
  for (const name of Object.keys(rows[0] ?? {})) {
    const sorted = rows
      .map((r) => r[name])
      .filter((m): m is Measure => m !== undefined)
      .sort((a, b) => a.seconds - b.seconds);
    const middle = sorted[Math.floor(sorted.length / 2)];
    if (middle) row[name] = middle;
  }
  return row;
}

/** The folder sizes' figures; the ratio one-changed 1,000 / 10; each size over 100 against 100's cold build. */
function scaleLines(sizes: ReadonlyMap<number, Row>): string[] {
  const lines: string[] = [];
  const sorted = [...sizes].sort(([a], [b]) => a - b);
  for (const [size, row] of sorted) {
    const text = ['cold', 'no-change', 'one-changed']
      .flatMap((name) => (row[name] ? [`${name} ${row[name].seconds.toFixed(2)} s (PSS ${row[name].peakMiB.toFixed(0)} MiB)`] : []))
      .join(', ');
    const cold = row.cold;
    lines.push(`${size} releases: ${text}${cold ? `; CPU ${((cpuOf(cold) * 1000) / size).toFixed(0)} ms per release` : ''}`);
  }
  const small = sizes.get(10)?.['one-changed'];
  const large = sizes.get(1000)?.['one-changed'];
  if (small && large) lines.push(`one changed among 1,000 / among 10: ${(large.seconds / small.seconds).toFixed(2)} (target ≤ 1.5)`);
  const base = sizes.get(100)?.cold;
  for (const [size, row] of sorted) {
    if (size <= 100 || !base || !row.cold) continue;
    lines.push(
      `cold ${size} / cold 100: ${(row.cold.seconds / base.seconds).toFixed(1)} (linear: ${size / 100}; target ≤ ${(size / 100) * 1.05}); peak PSS ${(row.cold.peakMiB / 1024).toFixed(2)} GiB (target < 1.5); no-change ${row['no-change']?.seconds.toFixed(2)} s (target ≤ 2)`,
    );
  }
  return lines;
}
