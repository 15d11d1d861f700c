// A pack -> one standalone HTML page: cover, contents, then each release as a
// section on its own (named) page. The Markdown is rendered once
// (`preparePack`); the page is rendered once per print pass (`renderPack`)
// with the page numbers and blank pages the previous pass measured.
import { VFile } from 'vfile';
import { formatDateline } from '../core/format-dates.ts';
import { labelsFor } from '../core/labels/index.ts';
import { categoryPath } from '../core/output-paths.ts';
import { siteTemplates } from '../core/template-names.ts';
import type { Pack } from '../load/load-packs.ts';
import type { Release } from '../load/load-release.ts';
import { type Asset, relativeUrl } from '../markdown/assets.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import type { SiteConfig } from '../schema/config.ts';
import { fontSetsFor, fontsDir } from './fonts.ts';
import type { TemplateEngine } from './render-template.ts';

export interface PreparedPack {
  readonly pack: Pack;
  readonly pagePath: string;
  readonly introduction?: string;
  readonly sections: readonly PackSection[];
  readonly assets: readonly Asset[];
  readonly fontSets: readonly string[];
  /** The text `fontSets` were chosen (and their subsets cut) for. */
  readonly fontText: string;
}

export interface PackSection {
  readonly release: Release;
  /** Anchor of the release's title: the contents link to it, the PDF names a destination after it. */
  readonly id: string;
  readonly html: string;
  readonly headings: ReadonlyArray<{ readonly depth: number; readonly text: string; readonly id: string }>;
}

/** What a print pass measured: the page each anchor stands on, and which sections need a blank page before them. */
export interface PackLayout {
  readonly pages: ReadonlyMap<string, number>;
  readonly blankBefore: ReadonlySet<string>;
}

export const contentsId = 'contents';

export interface PreparePackOptions {
  readonly contentDir: string;
  /** The site's settings, whose words the pack's font subsets must hold too. */
  readonly config?: SiteConfig | undefined;
}

/** Renders each release's Markdown for the pack page; its problems were already reported by the release's own build. */
export function preparePack(pack: Pack, releases: readonly Release[], options: PreparePackOptions): PreparedPack {
  const pagePath = `packs/${pack.name}.html`;
  const assets: Asset[] = [];
  const sections = releases.map((release, index) => {
    const id = `release-${index + 1}`;
    const scratch = new VFile({ path: release.file.path, value: release.file.value });
    const rendered = renderMarkdown(release.tree, scratch, {
      contentDir: options.contentDir,
      outputPath: pagePath,
      lang: release.lang,
      title: release.title,
    });
    assets.push(...(release.image ? [release.image] : []), ...rendered.assets);
    // One page holds every release: ids get a per-release prefix, and the
    // release's headings go one level down under its title (an h2 here).
    const html = demoteHeadings(scopeIds(rendered.html, id));
    const headings = rendered.headings.map((h) => ({ depth: Math.min(6, h.depth + 1), text: h.text, id: `${id}-${h.id}` }));
    // The footnotes' heading closes the body and is a bookmark too.
    const notes = /<h3 class="footnotes-heading"[^>]*>([^<]*)<\/h3>/.exec(html)?.[1];
    if (notes !== undefined) headings.push({ depth: 3, text: decodeEntities(notes), id: `${id}-footnote-label` });
    return { release, id, html, headings };
  });
  let introduction: string | undefined;
  if (pack.introduction) {
    // Problems in the introduction are reported at their line in the pack file.
    const padded = `${'\n'.repeat(pack.introduction.line - 1)}${pack.introduction.markdown}`;
    const intro = new VFile({ path: pack.file.path, value: padded });
    const rendered = renderMarkdown(parseMarkdown(intro), intro, { contentDir: options.contentDir, outputPath: pagePath, lang: pack.lang });
    for (const message of intro.messages) pack.file.messages.push(message);
    assets.push(...rendered.assets);
    introduction = demoteHeadings(scopeIds(rendered.html, 'introduction'));
  }
  // The pack file too: its subtitle, handling marking and introduction print in the pack.
  const text = [pack.title, String(pack.file.value), ...releases.map((r) => String(r.file.value))].join('\n');
  return {
    pack,
    pagePath,
    ...(introduction === undefined ? {} : { introduction }),
    sections,
    assets: [...new Map(assets.map((a) => [a.output, a])).values()],
    fontSets: fontSetsFor(pack.lang, text, options.config),
    fontText: text,
  };
}

export interface RenderPackOptions {
  readonly config: SiteConfig;
  readonly engine: TemplateEngine;
}

export async function renderPack(prepared: PreparedPack, layout: PackLayout, options: RenderPackOptions): Promise<string> {
  const { pack, pagePath } = prepared;
  const def = pack.definition;
  const url = (target: string) => relativeUrl(pagePath, target);
  const labels = labelsFor(pack.lang);
  const pageOf = (id: string) => layout.pages.get(id);
  return options.engine.render(siteTemplates.pack, {
    site: options.config,
    lang: pack.lang,
    title: pack.title,
    description: def.subtitle ?? pack.title,
    fonts: prepared.fontSets.map((set) => url(`${fontsDir}/${set}.css`)),
    labels,
    urls: { index: url('index.html'), pdf: url(`packs/${pack.name}.pdf`) },
    pack: {
      title: pack.title,
      subtitle: def.subtitle,
      date: def.date,
      date_display: formatDateline(def.date, pack.lang),
      issuer: pack.issuer,
      handling: def.handling,
      embargo_notice: def.include_embargoed ? labels.includes_embargoed : undefined,
      duplex: def.duplex,
      introduction: prepared.introduction,
      contents_id: contentsId,
      count: (prepared.sections.length === 1 ? labels.one_release_in_pack : labels.releases_in_pack).replace(
        'N',
        String(prepared.sections.length),
      ),
      blank_before_contents: layout.blankBefore.has(contentsId),
    },
    page: { size: pack.paper === 'letter' ? 'letter' : 'A4' },
    sections: prepared.sections.map((s, index) => {
      const r = s.release;
      const image = r.image ? { url: url(r.image.output), alt: r.frontMatter.image_alt, caption: r.frontMatter.caption } : undefined;
      return {
        id: s.id,
        page_name: `release-${index + 1}`,
        page_number: pageOf(s.id),
        blank_before: layout.blankBefore.has(s.id),
        running_header: r.frontMatter.short_title ?? r.title,
        // A release prints its own language's words, whatever the pack's language.
        labels: labelsFor(r.lang),
        content: s.html,
        headings: s.headings,
        doc: {
          ...r.frontMatter,
          title: r.title,
          date: r.date,
          date_display: formatDateline(r.date, r.lang),
          lang: r.lang,
          author: r.author,
          tags: r.tags,
          slug: r.slug,
          html_url: url(`${r.slug}.html`),
          category: r.category ? { ...r.category, url: url(categoryPath(r.category.slug)) } : undefined,
          image,
        },
      };
    }),
  });
}

/** Prefixes every id and same-page reference in sanitized HTML, so releases cannot collide on one page. */
export function scopeIds(html: string, prefix: string): string {
  const scope = (ids: string) =>
    ids
      .split(/\s+/)
      .map((id) => `${prefix}-${id}`)
      .join(' ');
  // Only inside tags: text that merely reads `id="x"` stays as written.
  return html.replace(/<[a-zA-Z][^>]*>/g, (tag) =>
    tag
      .replace(/\s(id|aria-describedby|aria-labelledby)="([^"]+)"/g, (_m, attr: string, ids: string) => ` ${attr}="${scope(ids)}"`)
      .replace(/\shref="#([^"]+)"/g, (_m, id: string) => ` href="#${prefix}-${id}"`),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
}

/** h1 -> h2 ... h5 -> h6: inside a pack, a release's own headings sit under its title. */
export function demoteHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-5])\b/g, (_m, slash: string, level: string) => `<${slash}h${Number(level) + 1}`);
}
