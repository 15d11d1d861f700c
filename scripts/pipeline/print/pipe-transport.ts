// Chrome DevTools Protocol over the pipe of --remote-debugging-pipe: Chromium
// reads messages from its fd 3 and writes to its fd 4, each message a JSON
// text ended by a NUL byte. Puppeteer's own pipe transport is internal to it,
// so this is the small public-interface version.
import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer';

export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.end());
    // A write after Chromium died fails; the close that follows reports it.
    toBrowser.on('error', () => undefined);
    fromBrowser.on('error', () => undefined);
  }

  send(message: string): void {
    if (!this.closed) this.toBrowser.write(`${message}\0`);
  }

  close(): void {
    this.end();
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      start = end + 1;
      // Delivered on a later tick, as a WebSocket would: Puppeteer expects
      // a response to arrive after the call that sent its request returned.
      setImmediate(() => this.onmessage?.(message));
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => this.onclose?.());
  }
}
