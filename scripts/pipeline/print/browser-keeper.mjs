// Keeps one Chromium running between builds, so a rebuild of one release does
// not pay Chromium's start (about 1.5 s of CPU on two cores) every time. Started
// in the background by a build (see warm-browser.ts), it serves one build at a
// time over a Unix socket in a folder only its user can open, and exits after
// `idleSeconds` without a build, or when Chromium exits.
//
// The protocol is the pipe's own (JSON messages ended by NUL) after a first
// line: `OK` when the build has the browser, `BUSY` when another build has it.
// When a build disconnects, every tab it used is closed and one blank tab is
// opened for the next build, so nothing it set (request interception, disabled
// JavaScript, auto-attach) carries over.
//
// Plain JavaScript with no dependency, so it starts in a few ms from a bundle
// or from the sources alike. Usage:
//   node browser-keeper.mjs SOCKET IDLE_SECONDS EXECUTABLE [CHROMIUM_ARGS...]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [socketPath, idleText, executable, ...chromiumArgs] = process.argv.slice(2);
const idleMs = Number(idleText) * 1000;
const ownIds = 1_000_000_000; // ids of the keeper's own requests, far above any a build uses

const profile = mkdtempSync(path.join(tmpdir(), 'briefing-chromium-'));
const server = createServer(accept);
let chromium;
let client;
let ready; // settles when Chromium answers and the last build's tabs are gone
let idleTimer;
let nextId = ownIds;
const waiting = new Map();
let pending = [];

server.on('error', () => process.exit(0)); // another keeper holds the socket already
server.listen(socketPath, start);

function start() {
  chromium = spawn(executable, [...chromiumArgs, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', process.env.KEEPER_DEBUG ? 'inherit' : 'ignore', 'pipe', 'pipe'],
  });
  chromium.on('exit', shutdown);
  chromium.on('error', shutdown);
  chromium.stdio[3].on('error', () => undefined);
  chromium.stdio[4].on('data', receive);
  ready = send('Browser.getVersion').then(() => undefined);
  ready.catch(shutdown);
  armIdle();
}

function accept(socket) {
  socket.on('error', () => undefined);
  if (client) {
    socket.end('BUSY\n');
    return;
  }
  client = socket;
  clearTimeout(idleTimer);
  ready.then(() => {
    if (client !== socket || socket.destroyed) return;
    socket.write('OK\n');
    socket.on('data', (chunk) => chromium.stdio[3].write(chunk));
  }, shutdown);
  socket.on('close', () => {
    if (client !== socket) return;
    client = undefined;
    ready = ready.then(reset);
    ready.catch(shutdown);
    ready.then(armIdle, () => undefined);
  });
}

/** Messages from Chromium, split at each NUL: the keeper's answers are its own, the rest go to the build. */
function receive(chunk) {
  let start = 0;
  for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
    pending.push(chunk.subarray(start, end + 1));
    const message = Buffer.concat(pending);
    pending = [];
    start = end + 1;
    const id = /^\{"id":(\d+),/.exec(message.subarray(0, 32).toString('latin1'))?.[1];
    if (id !== undefined && Number(id) >= ownIds) answer(Number(id), message);
    else client?.write(message);
  }
  if (start < chunk.length) pending.push(chunk.subarray(start));
}

function answer(id, message) {
  const settle = waiting.get(id);
  waiting.delete(id);
  const reply = JSON.parse(message.subarray(0, -1).toString('utf8'));
  if (reply.error) settle?.reject(new Error(reply.error.message));
  else settle?.resolve(reply.result);
}

function send(method, params = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    chromium.stdio[3].write(`${JSON.stringify({ id, method, params })}\0`);
  });
}

async function reset() {
  await send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: true });
  await send('Target.setDiscoverTargets', { discover: false });
  const { targetInfos } = await send('Target.getTargets');
  const pages = targetInfos.filter((t) => t.type === 'page');
  await send('Target.createTarget', { url: 'about:blank' });
  await Promise.all(pages.map((t) => send('Target.closeTarget', { targetId: t.targetId }).catch(() => undefined)));
}

function armIdle() {
  clearTimeout(idleTimer);
  if (!client) idleTimer = setTimeout(shutdown, idleMs);
}

function shutdown(why) {
  if (process.env.KEEPER_DEBUG) console.error('keeper shutdown:', why);
  server.close();
  rmSync(socketPath, { force: true });
  client?.destroy();
  if (chromium && chromium.exitCode === null && chromium.signalCode === null) {
    send('Browser.close').catch(() => undefined);
    setTimeout(() => chromium.kill('SIGKILL'), 5000).unref();
    chromium.once('exit', finish);
  } else finish();
}

function finish() {
  rmSync(profile, { recursive: true, force: true });
  process.exit(0);
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
