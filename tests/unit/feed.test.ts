// The Atom rules that matter to feed readers (RFC 4287): the document parses
// as XML; the feed and every entry have exactly one id, title and updated (an
// RFC 3339 date); ids are unique and stable; the feed names an author; every
// entry has an alternate link, at most one per type; with a base URL every
// link is absolute and the feed links itself.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderFeed } from '../../scripts/pipeline/collections/feed.ts';
import type { ListedRelease } from '../../scripts/pipeline/core/types.ts';
import { siteSchema, withDefaults } from '../../scripts/pipeline/schema/config.ts';

const releases: ListedRelease[] = [
  {
    title: 'Talks on <trade> & "tariffs"',
    date: '2024-03-05',
    lang: 'en',
    slug: '2024-03-05-trade',
    summary: 'Ministers met; R&D < budget\u0007 was discussed.',
    category: { name: 'Trade & Economy', slug: 'trade-economy' },
    pdf: { bytes: 40000, pages: 2 },
  },
  { title: '外務大臣会見', date: '2024-01-10', lang: 'ja', slug: 'ja/2024-01-10-kaiken' },
  { title: 'Later statement', date: '2024-04-01', lang: 'en', slug: '2024-04-01-later' },
];

interface Parsed {
  readonly root: string;
  readonly feed: Element;
  readonly entries: Element[];
}
interface Element {
  readonly children: Record<string, string[]>;
  readonly links: Array<Record<string, string>>;
  readonly authors: number;
}

/** Parses with Python's XML parser (strict about well-formedness) and returns what the rules look at. */
function parse(xml: string): Parsed {
  const script = `
import sys, json, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
root = ET.fromstring(sys.stdin.buffer.read())
def describe(el):
    children = {}
    for child in el:
        if child.tag in (A + 'entry', A + 'link', A + 'author'):
            continue
        children.setdefault(child.tag.replace(A, ''), []).append(child.text or '')
    return {'children': children, 'links': [dict(l.attrib) for l in el.findall(A + 'link')], 'authors': len(el.findall(A + 'author'))}
print(json.dumps({'root': root.tag, 'feed': describe(root), 'entries': [describe(e) for e in root.findall(A + 'entry')]}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' })) as Parsed;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function checkAtom(parsed: Parsed): void {
  expect(parsed.root).toBe('{http://www.w3.org/2005/Atom}feed');
  for (const key of ['id', 'title', 'updated']) expect(parsed.feed.children[key], `feed ${key}`).toHaveLength(1);
  expect(parsed.feed.children.updated?.[0]).toMatch(rfc3339);
  expect(parsed.feed.authors).toBe(1);
  const ids = parsed.entries.map((e) => e.children.id?.[0]);
  expect(new Set(ids).size).toBe(ids.length);
  for (const entry of parsed.entries) {
    for (const key of ['id', 'title', 'updated']) expect(entry.children[key], `entry ${key}`).toHaveLength(1);
    expect(entry.children.updated?.[0]).toMatch(rfc3339);
    expect(entry.children.id?.[0]).toMatch(/^(urn:uuid:[0-9a-f-]{36}|tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:\S+|https?:\/\/\S+)$/);
    const alternates = entry.links.filter((l) => (l.rel ?? 'alternate') === 'alternate');
    expect(alternates.some((l) => l.type === 'text/html')).toBe(true);
    const types = alternates.map((l) => `${l.type}|${l.hreflang ?? ''}`);
    expect(new Set(types).size).toBe(types.length);
  }
}

describe('renderFeed', () => {
  it('is well-formed Atom without a base URL, with stable urn:uuid ids and links relative to the feed', () => {
    const config = withDefaults(siteSchema.parse({ organization: 'Ministry of Examples' }));
    const xml = renderFeed(releases, { config });
    const parsed = parse(xml);
    checkAtom(parsed);
    expect(parsed.feed.children.id?.[0]).toMatch(/^urn:uuid:/);
    expect(parsed.feed.links.some((l) => l.rel === 'self')).toBe(false);
    expect(parsed.entries.map((e) => e.children.title?.[0])).toEqual(['Later statement', 'Talks on <trade> & "tariffs"', '外務大臣会見']);
    expect(parsed.entries[1]?.children.summary?.[0]).toBe('Ministers met; R&D < budget was discussed.');
    expect(parsed.entries[1]?.links.map((l) => l.href)).toEqual(['2024-03-05-trade.html', '2024-03-05-trade.pdf']);
    expect(parsed.feed.children.updated?.[0]).toBe('2024-04-01T12:00:00Z');
    // Same input, same ids: readers must not see old releases as new.
    expect(renderFeed(releases, { config })).toBe(xml);
    const moved = parse(renderFeed(releases.slice(0, 1), { config }));
    expect(moved.entries[0]?.children.id).toEqual(parsed.entries[1]?.children.id);
  });

  it('uses absolute links, a self link and tag: ids when the site has a base URL', () => {
    const config = withDefaults(siteSchema.parse({ organization: 'Ministry of Examples', base_url: 'https://press.example.org/releases' }));
    const parsed = parse(renderFeed(releases, { config, generator: 'Briefing Press 0.1.0' }));
    checkAtom(parsed);
    const self = parsed.feed.links.find((l) => l.rel === 'self');
    expect(self).toEqual({ rel: 'self', type: 'application/atom+xml', href: 'https://press.example.org/releases/feed.xml' });
    expect(parsed.feed.children.id?.[0]).toBe('https://press.example.org/releases/feed.xml');
    for (const link of [...parsed.feed.links, ...parsed.entries.flatMap((e) => e.links)]) {
      expect(link.href).toMatch(/^https:\/\/press\.example\.org\/releases\//);
    }
    expect(parsed.entries[2]?.children.id?.[0]).toBe('tag:press.example.org,2024-01-10:ja/2024-01-10-kaiken');
    expect(parsed.entries[2]?.links[0]?.href).toBe('https://press.example.org/releases/ja/2024-01-10-kaiken.html');
  });

  it('carries the feed_entries releases most recently published or corrected, newest first', () => {
    const config = withDefaults(siteSchema.parse({ organization: 'Ministry of Examples', feed_entries: 2 }));
    const ids = (xml: string) =>
      [...xml.matchAll(/<link rel="alternate" type="text\/html" href="([^"]+)\.html"/g)].map((m) => m[1]).filter((id) => id !== 'index');
    expect(ids(renderFeed(releases, { config }))).toEqual(['2024-04-01-later', '2024-03-05-trade']);
    // A correction of the oldest brings it back in, in its place by publication; the feed's updated is the correction.
    const corrected = releases.map((r) => (r.slug === 'ja/2024-01-10-kaiken' ? { ...r, updated: '2024-05-01T09:00:00Z' } : r));
    const xml = renderFeed(corrected, { config });
    expect(ids(xml)).toEqual(['2024-04-01-later', 'ja/2024-01-10-kaiken']);
    expect(xml).toMatch(/^ {2}<updated>2024-05-01T09:00:00Z<\/updated>$/m);
    checkAtom(parse(xml));
  });

  it('keeps an empty feed valid', () => {
    const config = withDefaults(siteSchema.parse({ organization: 'Ministry of Examples' }));
    checkAtom(parse(renderFeed([], { config })));
  });
});
