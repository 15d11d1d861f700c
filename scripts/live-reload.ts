// Live reload for `npm run dev`, applied to the copy of a page the dev server
// sends, never to the file on disk. The page's Content-Security-Policy forbids
// every script; the served copy allows exactly one, by nonce, plus
// `connect-src 'self'` for the Server-Sent Events it listens to.
//
// The events: `reload` (which pages), `printing` (the pages shown before
// their PDF is written: they say so until it is) and `problems` (the build's
// errors, shown over every page).
import { randomBytes } from 'node:crypto';
import { rewritePolicyMeta } from './pipeline/render/policy-meta.ts';

export const eventsPath = '/__briefing/events';

/** One event as the stream carries it (Server-Sent Events: `event:` and `data:` lines, a blank line after). */
export function formatEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The whole events in what the stream has sent so far, and the rest, which waits for more. */
export function splitEvents(received: string): { readonly events: Array<{ name: string; data: unknown }>; readonly rest: string } {
  const messages = received.split('\n\n');
  const rest = messages.pop() ?? '';
  const events = messages.flatMap((message) => {
    const name = /^event: (.*)$/m.exec(message)?.[1];
    const data = /^data: (.*)$/m.exec(message)?.[1];
    return name === undefined || data === undefined ? [] : [{ name, data: JSON.parse(data) as unknown }];
  });
  return { events, rest };
}

/** A `reload` event's data: the pages named in `pages`, or without it every page but those in `except`. */
export interface ReloadEvent {
  readonly pages?: readonly string[];
  readonly except?: readonly string[];
}

/** Whether the page at `pagePath` (relative to the output folder, `nato/x.html`) reloads on `event`. Also runs in the page. */
export function reloads(event: ReloadEvent, pagePath: string): boolean {
  if (event.pages) return event.pages.includes(pagePath);
  return !event.except?.includes(pagePath);
}

export interface ServedPage {
  /** The page's path in the output folder, as the events name it. */
  readonly pagePath: string;
  /** Served from memory before its PDF is written: it says the PDF is being updated. */
  readonly printing: boolean;
}

/** The served copy of a page: its CSP allows one script by nonce and the event stream; the script is added. */
export function withLiveReload(html: string, served: ServedPage): string {
  const nonce = randomBytes(16).toString('base64');
  const adjusted = rewritePolicyMeta(
    html,
    (policy) => `${policy.replace("script-src 'none'", `script-src 'nonce-${nonce}'`)}; connect-src 'self'`,
  );
  // JSON in a script: `<` escaped so no page path can close the element.
  const settings = JSON.stringify({ events: eventsPath, page: served.pagePath, printing: served.printing }).replaceAll('<', '\\u003c');
  const script = `<script nonce="${nonce}">(${clientScript})(${settings}, ${reloads.toString()});</script>`;
  return /<\/body>/i.test(adjusted) ? adjusted.replace(/<\/body>(?![\s\S]*<\/body>)/i, `${script}</body>`) : `${adjusted}${script}`;
}

// Runs in the page. Styles are set through the DOM (allowed by the page's CSP), not in markup.
const clientScript = `(settings, reloads) => {
  const events = new EventSource(settings.events);
  events.addEventListener('reload', (event) => {
    if (reloads(JSON.parse(event.data), settings.page)) location.reload();
  });
  const showPrinting = (printing) => {
    document.getElementById('briefing-dev-printing')?.remove();
    if (!printing) return;
    const note = document.createElement('div');
    note.id = 'briefing-dev-printing';
    note.setAttribute('role', 'status');
    note.textContent = 'Preview: the PDF is being updated…';
    Object.assign(note.style, { position: 'fixed', top: '0.5em', right: '0.5em', padding: '0.3em 0.7em', borderRadius: '0.3em',
      background: '#1d3b66', color: '#fff', font: '13px/1.4 sans-serif', zIndex: '2147483647' });
    document.body.append(note);
  };
  showPrinting(settings.printing);
  events.addEventListener('printing', (event) => showPrinting(JSON.parse(event.data).includes(settings.page)));
  events.addEventListener('problems', (event) => {
    document.getElementById('briefing-dev-problems')?.remove();
    const lines = JSON.parse(event.data);
    if (lines.length === 0) return;
    const box = document.createElement('div');
    box.id = 'briefing-dev-problems';
    box.setAttribute('role', 'alert');
    Object.assign(box.style, { position: 'fixed', inset: 'auto 0 0 0', maxHeight: '50vh', overflow: 'auto', margin: '0', padding: '1em',
      background: '#3b0d0c', color: '#fff', font: '14px/1.4 monospace', zIndex: '2147483647', whiteSpace: 'pre-wrap' });
    const close = document.createElement('button');
    close.textContent = 'Close';
    Object.assign(close.style, { float: 'right' });
    close.addEventListener('click', () => box.remove());
    const text = document.createElement('div');
    text.textContent = 'Build problems:\\n' + lines.join('\\n');
    box.append(close, text);
    document.body.append(box);
  });
}`;
