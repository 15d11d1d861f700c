// Shards 1/2 and 2/2 plus --merge give the same files, byte for byte, as one
// unsharded build of the same content.
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inShard } from '../../scripts/pipeline/incremental/shard.ts';
import { digests, snapshot } from '../helpers/incremental.ts';
import { fixtures, root, runBuild, sampleContent, tempDir } from '../helpers/project.ts';

const work = tempDir('briefing-sharding-');
const content = path.join(work, 'content');
const names = ['2023-04-04-hayashi-stoltenberg.md', '2024-01-15-route-map.md', '2024-02-01-note-a.md', 'news/2024-03-01-note-b.md'];

const run = (...args: string[]) => {
  const result = runBuild(['--content', content, ...args], root);
  expect(result.status, result.stderr).toBe(0);
  return result;
};

beforeAll(() => {
  cpSync(path.join(fixtures, 'with-image'), content, { recursive: true });
  // One release per listing page: the index and the Notes category get a page per year, which the merge must write the same.
  appendFileSync(path.join(content, 'site.yml'), 'listing_entries: 1\n');
  cpSync(path.join(sampleContent, names[0] as string), path.join(content, names[0] as string));
  writeFileSync(path.join(content, names[2] as string), '---\ntitle: Note A\ndate: 2024-02-01\ncategory: Notes\n---\n\nFirst note.\n');
  mkdirSync(path.join(content, 'news'));
  writeFileSync(path.join(content, names[3] as string), '---\ntitle: Note B\ndate: 2024-03-01\ncategory: Notes\n---\n\nSecond note.\n');
  writeFileSync(path.join(content, 'news', 'tmp.md'), '---\ntitle: Note C\ndate: 2024-03-02\n---\n\nThird note.\n');
});

describe('sharding', () => {
  it('splits the releases into stable, disjoint, non-empty shards', () => {
    const all = [...names, 'news/tmp.md'];
    const first = all.filter((n) => inShard(n, { index: 1, count: 2 }));
    const second = all.filter((n) => inShard(n, { index: 2, count: 2 }));
    expect(first.length + second.length).toBe(all.length);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
  });

  it('builds the same files with --shard 1/2, --shard 2/2 and --merge as without shards', () => {
    const whole = path.join(work, 'whole');
    const shard1 = path.join(work, 'shard-1');
    const shard2 = path.join(work, 'shard-2');
    const merged = path.join(work, 'merged');
    run('--out', whole);
    run('--out', shard1, '--shard', '1/2');
    run('--out', shard2, '--shard', '2/2');
    expect(Object.keys(digests(snapshot(shard1)))).not.toContain('index.html');
    expect(Object.keys(digests(snapshot(whole)))).toEqual(expect.arrayContaining(['archive/2023.html', 'categories/notes/2024.html']));
    const merge = run('--out', merged, '--merge', shard1, shard2);
    expect(merge.stderr).toMatch(/5 releases merged from 2 shards/);

    expect(digests(snapshot(merged))).toEqual(digests(snapshot(whole)));
    // The merged folder is a valid base for the next incremental build.
    expect(run('--out', merged).stderr).toMatch(/0 built, 0 failed, 5 up to date/);
  });

  it('refuses to merge an incomplete set of shards', () => {
    const shard1 = path.join(work, 'shard-1');
    const result = runBuild(['--content', content, '--out', path.join(work, 'partial'), '--merge', shard1], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Missing shard 2/2');
    expect(readFileSync(path.join(shard1, '.briefing-manifest.json'), 'utf8')).toContain('"shard":"1/2"');
  });
});
