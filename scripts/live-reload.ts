// Live reload for `npm run dev`, applied to the copy of a page the dev server
// sends, never to the file on disk. The page's Content-Security-Policy forbids
// every script; the served copy allows exactly one, by nonce, plus
// `connect-src 'self'` for the Server-Sent Events it listens to.
import { randomBytes } from 'node:crypto';
import { rewritePolicyMeta } from './pipeline/render/csp.ts';

export const eventsPath = '/__briefing/events';

/** The served copy of a page: its CSP allows one script by nonce and the event stream; the script is added. */
export function withLiveReload(html: string): string {
  const nonce = randomBytes(16).toString('base64');
  const adjusted = rewritePolicyMeta(
    html,
    (policy) => `${policy.replace("script-src 'none'", `script-src 'nonce-${nonce}'`)}; connect-src 'self'`,
  );
  const script = `<script nonce="${nonce}">${clientScript}</script>`;
  return /<\/body>/i.test(adjusted) ? adjusted.replace(/<\/body>(?![\s\S]*<\/body>)/i, `${script}</body>`) : `${adjusted}${script}`;
}

// Runs in the page. Styles are set through the DOM (allowed by the page's CSP), not in markup.
const clientScript = `(() => {
  const events = new EventSource(${JSON.stringify(eventsPath)});
  events.addEventListener('reload', () => location.reload());
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
})();`;
