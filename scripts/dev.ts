// `npm run dev`: build, then watch content/ and templates/ and rebuild what
// changed (the incremental build, with one browser kept open between builds),
// serving the output folder on http://127.0.0.1 with live reload.
//
// Live reload uses Server-Sent Events. The pages carry a Content-Security-Policy
// with `script-src 'none'`, so only the copy this server sends gets a policy
// that allows one script by nonce (and `connect-src 'self'` for the events);
// the files on disk never change. Problems print in the terminal and show as an
// overlay on every open page until a build fixes them.
import { type FSWatcher, watch } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, runCommand } from './cli/run-command.ts';
import { eventsPath, withLiveReload } from './live-reload.ts';
import { BriefingError } from './pipeline/core/errors.ts';
import { mediaTypes } from './pipeline/core/media-types.ts';
import type { PrintPool } from './pipeline/print/print-pdf.ts';

const usage = `Usage: npm run dev -- [options]

Builds, then rebuilds whatever changes under the content and templates
folders, and serves the output on http://127.0.0.1:PORT/ with live reload.

Options:
  --content DIR    where the releases are (default: content)
  --out DIR        where to write and what to serve (default: output)
  --templates DIR  where the templates are (default: templates)
  --port N         port on 127.0.0.1 (default: 4000; 0 picks a free one)
  --help           show this help`;

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port expects a number from 0 to 65535; got \`${values.port}\`\n`);
    return 2;
  }
  const contentDir = path.resolve(values.content);
  const outDir = path.resolve(values.out);
  const templatesDir = path.resolve(values.templates);
  const { build, UsageError } = await import('./pipeline/build.ts');
  const debug = process.env.BRIEFING_DEBUG === '1';
  const { formatMessages } = await import('./pipeline/core/messages.ts');
  const { PrintPool: Pool } = await import('./pipeline/print/print-pdf.ts');
  const { availableParallelism } = await import('node:os');

  // One browser for every rebuild, with the print timeout of site.yml (print_timeout_seconds);
  // a change to it opens a new one.
  let pool: { readonly pool: PrintPool; readonly timeoutMs: number } | undefined;
  const getPool = async ({ timeoutMs }: { readonly timeoutMs: number }): Promise<PrintPool> => {
    if (pool && pool.timeoutMs !== timeoutMs) await closePool();
    pool ??= { pool: await Pool.open({ outDir, size: availableParallelism(), timeoutMs }), timeoutMs };
    pool.pool.forget();
    return pool.pool;
  };
  const closePool = async () => {
    const open = pool;
    pool = undefined;
    await open?.pool.close();
  };

  const clients = new Set<http.ServerResponse>();
  let problems: string[] = [];
  const send = (event: string, data: unknown) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const rebuild = async (reason: string): Promise<void> => {
    const started = performance.now();
    try {
      const report = await build({
        contentDir,
        outDir,
        templatesDir,
        pool: getPool,
        onDocument: (result) => log(`${result.ok ? 'built' : 'FAILED'} ${result.slug ?? path.relative(process.cwd(), result.file.path)}`),
      });
      const lines = formatMessages([...report.other, ...report.documents.map((d) => d.file)]);
      for (const line of lines) process.stderr.write(`${line}\n`);
      problems = lines.filter((line) => line.includes(': error: '));
      const changed = report.built + report.removed.length;
      log(`${reason}: ${report.built} built, ${report.failed} failed, ${report.upToDate} up to date in ${seconds(started)}`);
      if (changed > 0) send('reload', {});
      send('problems', problems);
    } catch (error) {
      // A broken site config or template folder: keep serving, show it, wait for the fix.
      // Anything else is a bug: said as one, and perhaps the browser died, so start a new one next time.
      const files = error instanceof UsageError ? formatMessages(error.files) : [];
      problems = error instanceof BriefingError ? [...files, `error: ${error.message}`] : describeError(error, debug).lines;
      for (const line of problems) process.stderr.write(`${line}\n`);
      if (!(error instanceof BriefingError)) await closePool();
      send('problems', problems);
    }
  };

  // One build at a time; changes during a build start one more when it ends.
  let running: Promise<void> | undefined;
  let again: string | undefined;
  const schedule = (reason: string) => {
    if (running) {
      again = reason;
      return;
    }
    running = rebuild(reason).finally(() => {
      running = undefined;
      if (again !== undefined) {
        const next = again;
        again = undefined;
        schedule(next);
      }
    });
  };

  await rebuild('first build');
  const server = http.createServer((request, response) => {
    serve(request, response, { outDir, clients, problems: () => problems }).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(String((error as Error).message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  }).catch((error: NodeJS.ErrnoException) => {
    process.stderr.write(`error: cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}; try --port 0\n`);
    process.exit(2);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  log(`serving ${path.relative(process.cwd(), outDir) || '.'} on http://127.0.0.1:${actualPort}/ (Ctrl-C to stop)`);

  const watchers = [contentDir, templatesDir].map((dir) =>
    watchFolder(dir, (file) => schedule(`${path.relative(process.cwd(), file)} changed`)),
  );
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(heartbeat);
  for (const watcher of watchers) watcher.close();
  for (const client of clients) client.end();
  server.close();
  await running;
  await closePool();
  return 0;
}

/** Watches a folder tree; calls `onChange` once per burst of events (editors write several). */
function watchFolder(dir: string, onChange: (file: string) => void): FSWatcher {
  let timer: NodeJS.Timeout | undefined;
  let last = dir;
  return watch(dir, { recursive: true }, (_event, name) => {
    const file = name ? path.join(dir, name.toString()) : dir;
    // Editors' swap and backup files, and our own temporary files.
    if (/(^|[/\\])\.|~$|\.(swp|swx|tmp)$/.test(path.relative(dir, file))) return;
    last = file;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(last), 120);
  });
}

interface ServeContext {
  readonly outDir: string;
  readonly clients: Set<http.ServerResponse>;
  readonly problems: () => readonly string[];
}

async function serve(request: http.IncomingMessage, response: http.ServerResponse, context: ServeContext): Promise<void> {
  // Only this machine's browser by name: a page elsewhere cannot reach us through DNS rebinding.
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost') return end(response, 403, 'Forbidden host');
  if (request.method !== 'GET' && request.method !== 'HEAD') return end(response, 405, 'Method not allowed');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === eventsPath) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: 1000\nevent: problems\ndata: ${JSON.stringify(context.problems())}\n\n`);
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
  let file = path.resolve(root, `.${decoded}`);
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
  let body: Buffer | string = await readFile(real);
  if (type.startsWith('text/html')) body = withLiveReload(body.toString('utf8'));
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function end(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

function log(text: string): void {
  const time = new Date().toTimeString().slice(0, 8);
  process.stderr.write(`[${time}] ${text}\n`);
}

const seconds = (started: number): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;

function parse() {
  return parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'output' },
      templates: { type: 'string', default: 'templates' },
      port: { type: 'string', default: '4000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

process.exitCode = await runCommand(main);
