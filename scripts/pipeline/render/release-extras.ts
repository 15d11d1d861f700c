// What a press office prints around a release's body, for templates: the kind
// of release, the time and zone of its dateline, the embargo banner, the
// correction note, the media contact, the "About" boilerplate, the end mark
// and the links to its other language versions.
import { VFile } from 'vfile';
import { isEmbargoed, rfc3339 } from '../core/dates.ts';
import { formatMoment, formatTimeOfDay } from '../core/format-dates.ts';
import type { Labels } from '../core/labels/index.ts';
import { labelsFor } from '../core/labels/index.ts';
import { primaryLanguage } from '../core/language.ts';
import type { LanguageVersion } from '../load/language-versions.ts';
import type { Release } from '../load/load-release.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import { organizationFor, type SiteConfig } from '../schema/config.ts';

export interface ExtrasOptions {
  readonly config: SiteConfig;
  readonly contentDir: string;
  readonly now: Date;
  readonly versions?: ReadonlyMap<string, readonly LanguageVersion[]> | undefined;
  /** A URL relative to the page for a path relative to the output folder. */
  readonly url: (target: string) => string;
}

/** The organization's name in `lang` when site.yml maps it per language, else its one name. */
export function organizationIn(config: SiteConfig, lang: string): string {
  return organizationFor(config.organizations, lang) ?? config.organization;
}

export function releaseExtras(release: Release, labels: Labels, options: ExtrasOptions) {
  const { config } = options;
  const embargoed = release.embargo && isEmbargoed(rfc3339(release.embargo.instant), options.now);
  const contact = release.frontMatter.contact ?? config.contact;
  const others = (options.versions?.get(release.key) ?? []).filter((v) => v.slug !== release.slug);
  return {
    type: release.type,
    type_label: labels.types[release.type],
    time_display: formatTimeOfDay(release.when, release.lang),
    datetime: release.when.hasTime ? rfc3339(release.when.instant) : release.date,
    embargo: embargoed && release.embargo ? `${labels.embargoed_until} ${formatMoment(release.embargo, release.lang)}` : undefined,
    updated: release.updated
      ? {
          text: `${labels.updated} ${formatMoment(release.updated, release.lang)}`,
          note: release.frontMatter.update_note,
          datetime: rfc3339(release.updated.instant),
        }
      : undefined,
    contact: contact && Object.keys(contact).length > 0 ? contact : undefined,
    about: config.about ? aboutHtml(config.about, release.lang, options) : undefined,
    end_mark: config.end_mark,
    versions: others.map((v) => ({
      lang: v.lang,
      name: labelsFor(v.lang).language_name,
      url: options.url(`${v.slug}.html`),
      same_script: primaryLanguage(v.lang) === primaryLanguage(release.lang),
    })),
  };
}

/** site.yml's `about` boilerplate as sanitized HTML, through the same Markdown stage as a body. */
function aboutHtml(markdown: string, lang: string, options: ExtrasOptions): string {
  const file = new VFile({ value: markdown, path: 'site.yml' });
  return renderMarkdown(parseMarkdown(file), file, {
    contentDir: options.contentDir,
    outputPath: 'index.html',
    lang,
    smartQuotes: options.config.smart_quotes,
  }).html;
}
