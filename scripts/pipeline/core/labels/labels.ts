// The words the templates and the Markdown stage print around the content.
// Each language's strings live in its own module (en.ts, ja.ts, fr.ts), the
// only place a label is written; templates read them as `labels.<key>`.
import type { ReleaseType } from '../release-types.ts';

export interface Labels {
  readonly press_release: string;
  readonly back_to: string;
  readonly all_releases: string;
  readonly pdf: string;
  readonly tags: string;
  readonly related: string;
  readonly skip: string;
  /** Footer "Page N of M": `page` and `of`. */
  readonly page: string;
  readonly of: string;
  readonly contents: string;
  /** After a page count in the listing: "(3 pages, 120 kB)". */
  readonly pages: string;
  readonly categories: string;
  /** The listing's link to feed.xml. */
  readonly feed: string;
  // A listing too long for one page: the newest releases, and a page per year.
  /** Name of the links to the year pages. */
  readonly years: string;
  /** A year page's heading; `YEAR` stands for the year. */
  readonly year_releases: string;
  /** Above the newest releases of a long listing; `N` stands for how many it shows. */
  readonly latest_releases: string;
  // Packs.
  readonly briefing_pack: string;
  readonly blank_page: string;
  readonly introduction: string;
  readonly one_release_in_pack: string;
  /** `N` stands for the number of releases. */
  readonly releases_in_pack: string;
  // Footnotes (the Markdown stage).
  readonly footnotes: string;
  readonly footnote_back: string;
  // A press office's release.
  /** The letterhead's and the listing's name for each `type`. */
  readonly types: Readonly<Record<ReleaseType, string>>;
  /** Before the embargo's local date, time and zone. */
  readonly embargoed_until: string;
  /** A pack that includes embargoed releases says so on its cover. */
  readonly includes_embargoed: string;
  /** Before a correction's date: "Updated April 6, 2023: …". */
  readonly updated: string;
  readonly media_contact: string;
  /** Heading of the site's `about` boilerplate; `ORG` stands for the organization's name. */
  readonly about: string;
  /** Heading of the links to other language versions. */
  readonly other_languages: string;
  /** The language's own name, for a link to this version from another: "English", "日本語". */
  readonly language_name: string;
}
