// <out>/feed.xml: an Atom feed (RFC 4287) of the latest releases, newest
// first: the `feed_entries` (site.yml, default 50) most recently published or
// corrected. A feed is polled, not read as an archive (that is the listing): an
// archive of 10,000 releases made a 5 MB file that every edit rewrote.
// With `base_url` in site.yml every link is absolute, the feed links itself
// (rel="self"), and entry ids are tag: URIs (RFC 4151) under its host, which
// survive a move of the site. Without one, links are relative to the feed and
// ids are name-based UUIDs from the organization and the slug: stable across
// builds either way, since readers use ids to tell new entries from old.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { emptyFeedTimestamp, feedTimestamp } from '../core/dates.ts';
import { feedPath } from '../core/output-paths.ts';
import type { ListedRelease } from '../core/types.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../core/xml-text.ts';
import type { SiteConfig } from '../schema/config.ts';
import { writeFileIfChanged } from '../write/write-output.ts';

export interface FeedOptions {
  readonly config: SiteConfig;
  /** `Briefing Press 0.1.0`, for <generator>. */
  readonly generator?: string | undefined;
}

export async function writeFeed(releases: readonly ListedRelease[], options: FeedOptions & { readonly outDir: string }): Promise<string> {
  // Unchanged bytes (a change to a release the feed does not show) keep the file and its mtime.
  await writeFileIfChanged(path.join(options.outDir, feedPath), renderFeed(releases, options));
  return feedPath;
}

/**
 * Each release's timestamps, kept with it: a process that builds again (npm
 * run dev) has the same release objects (collections/record-views.ts). With
 * the SOURCE_DATE_EPOCH they were made under, which replaces them all.
 */
const stamps = new WeakMap<ListedRelease, { readonly epoch: string; readonly published: string; readonly modified: string }>();

export function renderFeed(releases: readonly ListedRelease[], options: FeedOptions): string {
  const { config } = options;
  const base = config.base_url ? new URL(config.base_url.endsWith('/') ? config.base_url : `${config.base_url}/`) : undefined;
  const link = (target: string) => (base ? new URL(encodeURI(target), base).href : encodeURI(target));
  // Each entry's timestamps once, not once per comparison: an archive has thousands.
  const epoch = emptyFeedTimestamp();
  const stamp = (r: ListedRelease) => {
    let known = stamps.get(r);
    if (known?.epoch !== epoch) {
      known = { epoch, published: published(r), modified: modified(r) };
      stamps.set(r, known);
    }
    return known;
  };
  // The latest by publication or correction: a corrected release is news again.
  const latest = [...releases]
    .sort((a, b) => stamp(b).modified.localeCompare(stamp(a).modified) || a.slug.localeCompare(b.slug))
    .slice(0, config.feed_entries);
  const sorted = latest.sort((a, b) => stamp(b).published.localeCompare(stamp(a).published) || a.slug.localeCompare(b.slug));
  // The feed changed when its newest entry was published or corrected.
  const newest = latest.map((r) => stamp(r).modified).reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  const updated = newest ?? emptyFeedTimestamp();
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${attr(config.lang)}">`,
    `  <id>${text(base ? link(feedPath) : `urn:uuid:${nameUuid(`feed:${config.organization}`)}`)}</id>`,
    `  <title type="text">${text(config.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${text(config.author)}</name></author>`,
    `  <link rel="alternate" type="text/html" href="${attr(link('index.html'))}"/>`,
    ...(base ? [`  <link rel="self" type="application/atom+xml" href="${attr(link(feedPath))}"/>`] : []),
    ...(options.generator ? [`  <generator>${text(options.generator)}</generator>`] : []),
  ];
  for (const release of sorted) {
    const id = base
      ? `tag:${base.hostname},${release.date}:${release.slug}`
      : `urn:uuid:${nameUuid(`${config.organization}:${release.slug}`)}`;
    lines.push(
      `  <entry xml:lang="${attr(release.lang)}">`,
      `    <id>${text(id)}</id>`,
      `    <title type="text">${text(release.title)}</title>`,
      `    <published>${stamp(release).published}</published>`,
      `    <updated>${stamp(release).modified}</updated>`,
      `    <link rel="alternate" type="text/html" href="${attr(link(`${release.slug}.html`))}"/>`,
      ...(release.pdf
        ? [`    <link rel="alternate" type="application/pdf" href="${attr(link(`${release.slug}.pdf`))}" length="${release.pdf.bytes}"/>`]
        : []),
      ...(release.category ? [`    <category term="${attr(release.category.slug)}" label="${attr(release.category.name)}"/>`] : []),
      ...(release.summary ? [`    <summary type="text">${text(release.summary)}</summary>`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** The instant a release is dated (its date and time in its zone; noon UTC of its date in records from before times were kept). */
function published(release: ListedRelease): string {
  return feedTimestamp(release.published ? new Date(release.published) : release.date);
}

/** `updated` when the release was corrected, else its publication. */
function modified(release: ListedRelease): string {
  return release.updated ? feedTimestamp(new Date(release.updated)) : published(release);
}

/** A name-based (version 5) UUID in the URL namespace, so the same name always gives the same id. */
export function nameUuid(name: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
