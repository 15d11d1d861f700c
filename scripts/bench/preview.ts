// Edit-to-preview in `npm run dev` with its browser warm: from the write of a
// release to the moment its new page has been served again, as the page's own
// live-reload script would fetch it. The bench listens on the same event
// stream the page uses, writes a change, waits for `reload`, then fetches the
// page and checks it carries the change.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { eventsPath } from '../live-reload.ts';
import { editor } from './generate.ts';
import type { Probe } from './measure.ts';

/** How long an edit may wait for its reload before the bench gives up on the step. */
const reloadWaitMs = 60_000;

export interface PreviewResult {
  /** Milliseconds from the write to the served page, one per edit. */
  readonly millis: readonly number[];
}

/** Runs `npm run dev` on `content` (output in `out`) and times `edits` edits of one release. */
export async function measurePreview(
  runner: string,
  content: string,
  out: string,
  probe: Probe,
  cwd: string,
  edits: number,
): Promise<PreviewResult> {
  const dev = spawn(process.execPath, [runner, 'dev', '--content', content, '--out', out, '--port', '0'], {
    env: probe.env,
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let said = '';
    dev.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
    });
    const port = await servingPort(dev);
    const reloads = await eventStream(port);
    const edit = editor(content);
    const slug = pageOf(out, edit.file);
    const millis: number[] = [];
    for (let i = 0; i < edits; i++) {
      const note = `preview edit ${i} at ${Date.now()}`;
      const started = performance.now();
      const reloaded = reloads.next();
      edit.change(note);
      // A reload that never comes is a finding, not a hang: say what dev said.
      const late = new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(new Error(`edit-to-preview: no reload within ${reloadWaitMs} ms of edit ${i}; npm run dev said:\n${said.slice(-2000)}`)),
          reloadWaitMs,
        ).unref(),
      );
      await Promise.race([reloaded, late]);
      const html = await get(port, `/${slug}`);
      millis.push(performance.now() - started);
      if (!html.includes(note)) throw new Error(`edit-to-preview: the page served after the reload lacks edit ${i}`);
      // Let the dev server's build end and its watcher settle before the next edit.
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    edit.restore();
    reloads.close();
    return { millis };
  } finally {
    dev.kill('SIGTERM');
    await new Promise((resolve) => dev.once('close', resolve));
  }
}

/** The port `npm run dev` says it serves on. */
function servingPort(dev: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    dev.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const port = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(text)?.[1];
      if (port) resolve(Number(port));
    });
    dev.once('close', (status) => reject(new Error(`npm run dev ended (exit ${status}) before serving:\n${text}`)));
  });
}

/** The release page built from `file`: the one whose title is that release's. */
function pageOf(out: string, file: string): string {
  const title = /^title: "([^"]*)"/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const escaped = title.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const page = readdirSync(out).find((name) => {
    if (!name.endsWith('.html') || name === 'index.html') return false;
    const html = readFileSync(path.join(out, name), 'utf8');
    return html.includes(title) || html.includes(escaped);
  });
  if (!page) throw new Error(`edit-to-preview: no page in ${out} has the title ${title}`);
  return page;
}

/** The dev server's event stream; `next()` resolves at the next `reload` event. */
function eventStream(port: number): Promise<{ next: () => Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: eventsPath }, (response) => {
      let waiting: Array<() => void> = [];
      response.on('data', (chunk: Buffer) => {
        if (!/^event: reload$/m.test(chunk.toString('utf8'))) return;
        const woken = waiting;
        waiting = [];
        for (const wake of woken) wake();
      });
      resolve({ next: () => new Promise<void>((wake) => waiting.push(wake)), close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

function get(port: number, pathname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}
