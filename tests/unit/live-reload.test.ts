import { describe, expect, it } from 'vitest';
import { eventsPath, withLiveReload } from '../../scripts/live-reload.ts';
import { contentSecurityPolicy } from '../../scripts/pipeline/render/csp.ts';

const page = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(['p{}'])}"><style>p{}</style></head><body><p>Hi</p></body></html>`;

describe('withLiveReload', () => {
  it('allows one script by nonce and the event stream, and adds the script before </body>', () => {
    const served = withLiveReload(page);
    const policy = /content="([^"]*)"/.exec(served)?.[1] ?? '';
    const nonce = /<script nonce="([^"]+)">/.exec(served)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain(`script-src 'nonce-${nonce}'`);
    expect(policy).not.toContain("script-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(served).toMatch(/<\/script><\/body><\/html>$/);
    expect(served).toContain(JSON.stringify(eventsPath));
  });

  it('uses a new nonce for every response', () => {
    const nonce = (html: string) => /<script nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce(withLiveReload(page))).not.toBe(nonce(withLiveReload(page)));
  });
});
