// A build's way to a Chromium kept warm between builds (--keep-browser): it
// connects to the keeper (browser-keeper.mjs) serving this browser and these
// flags, starting one in the background when there is none. If the keeper
// is busy with another build, or cannot be reached, the caller launches its
// own browser as usual.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserArgs, type LaunchedBrowser, puppeteerDefaults } from './browser.ts';
import { connectBrowser } from './connect-browser.ts';
import { PipeTransport } from './pipe-transport.ts';

const keeperScript = fileURLToPath(new URL('./browser-keeper.mjs', import.meta.url));

/**
 * The keeper's socket, in a folder only this user may enter; undefined when
 * that folder cannot be trusted (someone else's, or open to others).
 */
export function keeperSocket(executable: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined; // no Unix sockets with owners to check
  const dir = path.join(process.env.XDG_RUNTIME_DIR ?? tmpdir(), `briefing-press-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // lstat: a symbolic link planted in a shared temporary folder is refused too.
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return undefined;
  } catch {
    return undefined;
  }
  const key = createHash('sha256')
    .update(JSON.stringify([executable, puppeteerDefaults, browserArgs(), statSync(keeperScript).mtimeMs]))
    .digest('hex')
    .slice(0, 16);
  return path.join(dir, `browser-${key}.sock`);
}

/** Connects to the warm browser for `executable`, starting its keeper when none runs; undefined when it is busy or unreachable. */
export async function connectWarm(executable: string, idleSeconds: number, onStarted?: () => void): Promise<LaunchedBrowser | undefined> {
  const socketPath = keeperSocket(executable);
  if (!socketPath) return undefined;
  let socket = await open(socketPath);
  const started = !socket;
  if (!socket) {
    rmSync(socketPath, { force: true }); // a keeper that died leaves its socket file
    spawn(process.execPath, [keeperScript, socketPath, String(idleSeconds), executable, ...puppeteerDefaults, ...browserArgs()], {
      detached: true,
      stdio: 'ignore',
    }).unref();
    for (let waited = 0; !socket && waited < 5000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      socket = await open(socketPath);
    }
    if (!socket) return undefined;
  }
  const answer = await firstLine(socket);
  if (answer !== 'OK') {
    socket.destroy();
    return undefined;
  }
  if (started) onStarted?.();
  const browser = await connectBrowser(new PipeTransport(socket, socket));
  return {
    browser,
    pid: undefined,
    // The keeper closes this build's tabs when the connection ends.
    close: async () => {
      await browser.disconnect().catch(() => undefined);
      socket.destroy();
    },
  };
}

function open(socketPath: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

/** The keeper's `OK` or `BUSY` line; it waits for Chromium to be ready before answering `OK`. */
function firstLine(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => done('TIMEOUT'), 60_000);
    const done = (line: string) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(line);
    };
    const onData = (chunk: Buffer) => {
      const newline = chunk.indexOf(10);
      if (newline === -1) {
        text += chunk.toString('latin1');
        return;
      }
      text += chunk.subarray(0, newline).toString('latin1');
      const rest = chunk.subarray(newline + 1);
      if (rest.length > 0) socket.unshift(rest);
      done(text);
    };
    const onClose = () => done('CLOSED');
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}
