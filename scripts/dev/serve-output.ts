// The dev server's answers: the output folder's files, a page the running
// build has rendered but not yet written (dev/preview-pages.ts), and the
// live-reload event stream. Pages get the live-reload script (live-reload.ts).
import { readFile, realpath, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { eventsPath, withLiveReload } from '../live-reload.ts';
import { mediaTypes } from '../pipeline/core/media-types.ts';
import type { PreviewPages } from './preview-pages.ts';

export interface ServeContext {
  readonly outDir: string;
  readonly clients: Set<http.ServerResponse>;
  readonly previews: PreviewPages;
  /** The events a page is sent when it connects: the pages printing, then the current problems. */
  readonly greeting: () => string;
}

export async function serveOutput(request: http.IncomingMessage, response: http.ServerResponse, context: ServeContext): Promise<void> {
  // Only this machine's browser by name: a page elsewhere cannot reach us through DNS rebinding.
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost') return end(response, 403, 'Forbidden host');
  if (request.method !== 'GET' && request.method !== 'HEAD') return end(response, 405, 'Method not allowed');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === eventsPath) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: 1000\n${context.greeting()}`);
    context.clients.add(response);
    request.on('close', () => context.clients.delete(response));
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return end(response, 400, 'Bad path');
  }
  const root = await realpath(context.outDir);
  const asked = path.resolve(root, `.${decoded}`);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  // A rendered page not written yet (a new release's page is not on disk at all). Only the build's own page paths are keys.
  for (const pagePath of [relative(asked), relative(path.join(asked, 'index.html'))]) {
    const preview = context.previews.page(pagePath);
    if (preview !== undefined)
      return send(request, response, 'text/html; charset=utf-8', withLiveReload(preview, { pagePath, printing: true }));
  }
  // A PDF whose page is being previewed waits for the pair to be written, not the old PDF: its page links to the new one.
  if (path.extname(asked).toLowerCase() === '.pdf') await context.previews.fileReady(relative(asked));
  let file = asked;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  const real = info?.isFile() ? await realpath(file) : undefined;
  if (!real || (real !== root && !real.startsWith(`${root}${path.sep}`)) || path.basename(real).startsWith('.')) {
    return end(response, 404, 'Not found');
  }
  const type = mediaTypes[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
  const body = await readFile(real);
  const page = type.startsWith('text/html') ? withLiveReload(body.toString('utf8'), { pagePath: relative(real), printing: false }) : body;
  send(request, response, type, page);
}

function send(request: http.IncomingMessage, response: http.ServerResponse, type: string, body: Buffer | string): void {
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function end(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
