// `npm run dev`: build, then watch content/ and templates/ and rebuild what
// changed (the incremental build, with one browser kept open between builds),
// serving the output folder on http://127.0.0.1 with live reload.
//
// Live reload uses Server-Sent Events. The pages carry a Content-Security-Policy
// with `script-src 'none'`, so only the copy this server sends gets a policy
// that allows one script by nonce (and `connect-src 'self'` for the events);
// the files on disk never change. An edited release's page is shown as soon as
// it is rendered, before its PDF is printed (dev/preview-pages.ts); the rest
// (its PDF, the listing, the packs) follows, and pages other than the one
// shown reload when the build ends. Problems print in the terminal and show as
// an overlay on every open page until a build fixes them.
import http from 'node:http';
import path from 'node:path';
import { describeError, runCommand } from './cli/run-command.ts';
import { BuildQueue } from './dev/build-queue.ts';
import { ChangedSources } from './dev/changed-sources.ts';
import { parse, usage } from './dev/dev-flags.ts';
import { PreviewPages } from './dev/preview-pages.ts';
import { serveOutput } from './dev/serve-output.ts';
import { watchFolder } from './dev/watch-folder.ts';
import { formatEvent, type ReloadEvent } from './live-reload.ts';
import { BriefingError } from './pipeline/core/errors.ts';
import type { PrintPool } from './pipeline/print/print-pdf.ts';

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
  const previews = new PreviewPages();
  let problems: string[] = [];
  const send = (name: string, data: unknown) => {
    for (const client of clients) client.write(formatEvent(name, data));
  };
  const reload = (which: ReloadEvent) => send('reload', which);

  const sources = new ChangedSources(contentDir, outDir);
  const rebuild = async (reason: string): Promise<void> => {
    const started = performance.now();
    let changed = 0;
    let shownAny = false;
    const watching = sources.begin();
    try {
      const report = await build({
        contentDir,
        outDir,
        templatesDir,
        watched: watching.watched,
        pool: getPool,
        onPageRendered: ({ pagePath, html }) => {
          previews.rendered(pagePath, html);
          reload({ pages: [pagePath] });
          send('printing', previews.printing());
          if (!shownAny) log(`showing ${pagePath} after ${Math.round(performance.now() - started)} ms; its PDF and the rest follow`);
          shownAny = true;
        },
        onDocument: (result) => {
          previews.wrote(result.outputs);
          send('printing', previews.printing());
          log(`${result.ok ? 'built' : 'FAILED'} ${result.slug ?? path.relative(process.cwd(), result.file.path)}`);
        },
      });
      const lines = formatMessages([...report.other, ...report.documents.map((d) => d.file)]);
      for (const line of lines) process.stderr.write(`${line}\n`);
      problems = lines.filter((line) => line.includes(': error: '));
      changed = report.built + report.removed.length;
      log(`${reason}: ${report.built} built, ${report.failed} failed, ${report.upToDate} up to date in ${seconds(started)}`);
    } catch (error) {
      // A broken site config or template folder: keep serving, show it, wait for the fix.
      // Anything else is a bug: said as one, and perhaps the browser died, so start a new one next time.
      const files = error instanceof UsageError ? formatMessages(error.files) : [];
      problems = error instanceof BriefingError ? [...files, `error: ${error.message}`] : describeError(error, debug).lines;
      for (const line of problems) process.stderr.write(`${line}\n`);
      if (!(error instanceof BriefingError)) await closePool();
    }
    await watching.ended();
    // Every page shows what is on disk again: those already shown as written need no reload; a page
    // shown but not written (its print failed) goes back to its last good version.
    const shown = previews.settle();
    if (shownAny) send('printing', []);
    if (changed > 0) reload({ except: shown.written });
    else if (shown.unwritten.length > 0) reload({ pages: shown.unwritten });
    send('problems', problems);
  };

  const queue = new BuildQueue(rebuild, () => sources.missed());
  queue.schedule('first build');
  await queue.idle();
  const server = http.createServer((request, response) => {
    const greeting = () => formatEvent('printing', previews.printing()) + formatEvent('problems', problems);
    serveOutput(request, response, { outDir, clients, previews, greeting }).catch((error: unknown) => {
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
    watchFolder(dir, (files) => {
      if (dir === contentDir) for (const file of files) sources.saw(file);
      queue.schedule(`${path.relative(process.cwd(), files.at(-1) ?? dir)} changed`);
    }),
  );
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // No build may start from here on (a change saved just before the stop would otherwise start one
  // after the browser closed, open a new one and keep the process alive); the running one ends first.
  const stopped = queue.stop();
  clearInterval(heartbeat);
  for (const watcher of watchers) watcher.close();
  for (const client of clients) client.end();
  server.close();
  server.closeAllConnections();
  await stopped;
  await closePool();
  return 0;
}

function log(text: string): void {
  const time = new Date().toTimeString().slice(0, 8);
  process.stderr.write(`[${time}] ${text}\n`);
}

const seconds = (started: number): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;

process.exitCode = await runCommand(main);
