import { describe, expect, it } from 'vitest';
import { eventsPath, formatEvent, reloads, splitEvents, withLiveReload } from '../../scripts/live-reload.ts';
import { contentSecurityPolicy } from '../../scripts/pipeline/render/csp.ts';

const page = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(['p{}'])}"><style>p{}</style></head><body><p>Hi</p></body></html>`;
const served = { pagePath: 'nato/x.html', printing: false };

describe('withLiveReload', () => {
  it('allows one script by nonce and the event stream, and adds the script before </body>', () => {
    const html = withLiveReload(page, served);
    const policy = /content="([^"]*)"/.exec(html)?.[1] ?? '';
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain(`script-src 'nonce-${nonce}'`);
    expect(policy).not.toContain("script-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(html).toMatch(/<\/script><\/body><\/html>$/);
    expect(html).toContain(JSON.stringify(eventsPath));
  });

  it('uses a new nonce for every response', () => {
    const nonce = (html: string) => /<script nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce(withLiveReload(page, served))).not.toBe(nonce(withLiveReload(page, served)));
  });

  it('cannot be closed early by a page path', () => {
    const html = withLiveReload(page, { pagePath: '</script><script>alert(1)</script>.html', printing: true });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('gives the page a script that runs: the reload rule is carried into it whole', () => {
    const script = /<script nonce="[^"]+">([\s\S]*)<\/script>/.exec(withLiveReload(page, served))?.[1] ?? '';
    // Parses as JavaScript (a bundler's renaming or a type left in would not).
    expect(() => new Function(script)).not.toThrow();
  });
});

describe('reloads', () => {
  it('reloads the pages named, or every page but those excepted', () => {
    expect(reloads({ pages: ['a.html'] }, 'a.html')).toBe(true);
    expect(reloads({ pages: ['a.html'] }, 'b.html')).toBe(false);
    expect(reloads({ except: ['a.html'] }, 'a.html')).toBe(false);
    expect(reloads({ except: ['a.html'] }, 'index.html')).toBe(true);
    expect(reloads({}, 'index.html')).toBe(true);
  });
});

describe('the event stream', () => {
  it('reads back what dev writes, across chunk boundaries', () => {
    const sent = formatEvent('reload', { pages: ['a.html'] }) + formatEvent('printing', []) + formatEvent('problems', ['x']);
    const cut = sent.length - 5;
    const first = splitEvents(sent.slice(0, cut));
    expect(first.events).toEqual([
      { name: 'reload', data: { pages: ['a.html'] } },
      { name: 'printing', data: [] },
    ]);
    expect(splitEvents(first.rest + sent.slice(cut))).toEqual({ events: [{ name: 'problems', data: ['x'] }], rest: '' });
  });
});
