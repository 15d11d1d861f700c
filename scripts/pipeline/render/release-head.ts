// What a release page says about itself to machines, when the site has a
// public address (`base_url`): its canonical link, Open Graph and Twitter card
// tags, and a schema.org NewsArticle as JSON-LD. JSON-LD is data in a
// `<script type="application/ld+json">`, which a browser never runs, so the
// page's "script-src 'none'" policy still holds; the JSON is escaped so no
// value can close that element.
import { rfc3339 } from '../core/dates.ts';
import type { Release } from '../load/load-release.ts';

export interface ReleaseHead {
  readonly canonical: string;
  readonly og: ReadonlyArray<{ readonly property: string; readonly content: string }>;
  readonly twitter: ReadonlyArray<{ readonly name: string; readonly content: string }>;
  /** The NewsArticle, serialized and escaped for a script element: print it raw. */
  readonly json_ld: string;
}

/** The absolute URL of `target` (a path relative to the output folder) under `baseUrl`. */
export function absoluteUrl(baseUrl: string, target: string): string {
  return new URL(encodeURI(target), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}

export function releaseHead(release: Release, baseUrl: string | undefined, organization: string): ReleaseHead | undefined {
  if (!baseUrl) return undefined;
  const canonical = absoluteUrl(baseUrl, `${release.slug}.html`);
  const summary = release.frontMatter.summary;
  const image = release.image ? absoluteUrl(baseUrl, release.image.output) : undefined;
  const og = [
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: release.title },
    { property: 'og:url', content: canonical },
    { property: 'og:site_name', content: organization },
    { property: 'og:locale', content: release.lang.replace('-', '_') },
    ...(summary ? [{ property: 'og:description', content: summary }] : []),
    ...(image ? [{ property: 'og:image', content: image }] : []),
    ...(image && release.frontMatter.image_alt ? [{ property: 'og:image:alt', content: release.frontMatter.image_alt }] : []),
    { property: 'article:published_time', content: rfc3339(release.when.instant) },
    ...(release.updated ? [{ property: 'article:modified_time', content: rfc3339(release.updated.instant) }] : []),
  ];
  const twitter = [
    { name: 'twitter:card', content: image ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: release.title },
    ...(summary ? [{ name: 'twitter:description', content: summary }] : []),
    ...(image ? [{ name: 'twitter:image', content: image }] : []),
  ];
  const article = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: release.title,
    ...(summary ? { description: summary } : {}),
    datePublished: rfc3339(release.when.instant),
    dateModified: rfc3339((release.updated ?? release.when).instant),
    inLanguage: release.lang,
    url: canonical,
    mainEntityOfPage: canonical,
    publisher: { '@type': 'Organization', name: organization },
    ...(image ? { image: [image] } : {}),
  };
  return { canonical, og, twitter, json_ld: jsonForScript(article) };
}

/** JSON safe inside a script element: `<`, `>`, `&` and the JavaScript line separators escaped, so `</script>` cannot appear. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
