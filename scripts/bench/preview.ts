// Edit-to-preview in `npm run dev` with its browser warm: from the write of a
// release to the moment its new page has been served again, as the page's own
// live-reload script would fetch it. The bench listens on the same event
// stream the page uses, writes a change, waits for the `reload` that names the
// page, then fetches the page and checks it carries the change; then it waits
// for the build to end (the PDF, listing and packs written), timed too.
//
// Nothing here may hang the bench: dev's start, each edit and dev's stop have
// time limits, and a step that runs out says what dev printed and is reported
// as failed with the edits timed so far.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { eventsPath, type ReloadEvent, reloads, splitEvents } from '../live-reload.ts';
import { editor } from './generate.ts';
import type { Probe } from './measure.ts';

/** How long dev may take to build the folder and start serving. */
const startWaitMs = 300_000;
/** How long an edit may wait for its reload, and then for its build to end. */
const editWaitMs = 60_000;
/** How long dev may take to stop after SIGTERM before it is killed. */
const stopWaitMs = 30_000;

export interface PreviewResult {
  /** Milliseconds from the write to the served page, one per edit. */
  readonly millis: readonly number[];
  /** Milliseconds from the write to the end of its build (PDF, listing and packs written), one per edit. */
  readonly builtMillis: readonly number[];
  /** Why the step stopped early, with the end of what dev printed. */
  readonly failed?: string;
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
  // Its own process group, so a dev that will not stop is killed with its browser.
  const dev = spawn(process.execPath, [runner, 'dev', '--content', content, '--out', out, '--port', '0'], {
    env: probe.env,
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let said = '';
  dev.stderr?.on('data', (chunk: Buffer) => {
    said = (said + chunk.toString('utf8')).slice(-20_000);
  });
  const closed = new Promise<number | null>((resolve) => dev.once('close', resolve));
  const millis: number[] = [];
  const builtMillis: number[] = [];
  const edit = editor(content);
  let events: EventStream | undefined;
  let failed: string | undefined;
  try {
    const port = await within(servingPort(dev, closed), startWaitMs, 'npm run dev did not start serving');
    events = await eventStream(port);
    const page = pageOf(out, edit.file);
    for (let i = 0; i < edits; i++) {
      const note = `preview edit ${i} at ${Date.now()}`;
      const started = performance.now();
      const shown = events.next((e) => e.name === 'reload' && reloads(e.data, page));
      // The end of its build: the reload of the other pages (or of every page, as dev did before previews).
      const built = events.next((e) => e.name === 'reload' && reloads(e.data, 'index.html'));
      edit.change(note);
      await within(shown, editWaitMs, `no reload of ${page} after edit ${i}`);
      const html = await get(port, `/${page}`);
      millis.push(performance.now() - started);
      if (!html.includes(note)) throw new Error(`the page served after the reload lacks edit ${i}`);
      await within(built, editWaitMs, `the build of edit ${i} did not end`);
      builtMillis.push(performance.now() - started);
    }
  } catch (error) {
    failed = `${(error as Error).message}; npm run dev said:\n${said.slice(-2000)}`;
  } finally {
    events?.close();
    // Stopped before the release is put back: the restore is not an edit to build.
    await stop(dev, closed);
    edit.restore();
  }
  return failed === undefined ? { millis, builtMillis } : { millis, builtMillis, failed };
}

/** SIGTERM, then after `stopWaitMs` SIGKILL to dev's whole process group. */
async function stop(dev: ChildProcess, closed: Promise<number | null>): Promise<void> {
  if (dev.exitCode !== null || dev.signalCode !== null) return;
  dev.kill('SIGTERM');
  try {
    await within(closed, stopWaitMs, 'npm run dev did not stop');
  } catch (error) {
    process.stderr.write(`warning: ${(error as Error).message} within ${stopWaitMs / 1000} s of SIGTERM; killed\n`);
    try {
      if (dev.pid !== undefined) process.kill(-dev.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await closed;
  }
}

/** `promise`, or an error saying `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The port `npm run dev` says it serves on. */
function servingPort(dev: ChildProcess, closed: Promise<number | null>): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    dev.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const port = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(text)?.[1];
      if (port) resolve(Number(port));
    });
    closed.then((status) => reject(new Error(`npm run dev ended (exit ${status}) before serving`)));
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
  if (!page) throw new Error(`no page in ${out} has the title ${title}`);
  return page;
}

interface DevEvent {
  readonly name: string;
  /** A `reload` event's pages; empty for other events. */
  readonly data: ReloadEvent;
}

/** The pages a `reload` event's JSON names (live-reload.ts), read without trusting its shape. */
function reloadEvent(data: unknown): ReloadEvent {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : undefined);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const pages = list('pages' in data ? data.pages : undefined);
  const except = list('except' in data ? data.except : undefined);
  return { ...(pages ? { pages } : {}), ...(except ? { except } : {}) };
}

interface EventStream {
  /** Resolves at the next event that `wanted` accepts. */
  next(wanted: (event: DevEvent) => boolean): Promise<void>;
  close(): void;
}

/** The dev server's event stream, as the pages receive it. */
function eventStream(port: number): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: eventsPath }, (response) => {
      const waiting: Array<{ wanted: (event: DevEvent) => boolean; wake: () => void }> = [];
      let buffered = '';
      response.on('data', (chunk: Buffer) => {
        const { events, rest } = splitEvents(buffered + chunk.toString('utf8'));
        buffered = rest;
        for (const { name, data } of events) {
          const event: DevEvent = { name, data: name === 'reload' ? reloadEvent(data) : {} };
          for (const waiter of waiting.filter((w) => w.wanted(event))) {
            waiting.splice(waiting.indexOf(waiter), 1);
            waiter.wake();
          }
        }
      });
      resolve({ next: (wanted) => new Promise<void>((wake) => waiting.push({ wanted, wake })), close: () => request.destroy() });
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
