// What a release's date means, in one place: how it is written and checked,
// the instant the PDF and the feed stamp, the dateline readers see, and
// "today" for a new release. Every module that turns a release date into
// anything else goes through here.
//
// Everything is built on one value, ReleaseInstant, so that a later change can
// accept a time of day and an IANA zone (`date: 2023-04-04T19:10`,
// `time_zone: Europe/Brussels`) in `releaseInstant` alone.

/** A release date as the author wrote it and the moment it stands for. */
export interface ReleaseInstant {
  /** The calendar day as written: `YYYY-MM-DD`. */
  readonly date: string;
  /** The moment the release is dated: noon of that day in `timeZone`, so no zone offset moves it to another day. */
  readonly instant: Date;
  /** IANA time zone the dateline is read in; `UTC` until front matter can name one. */
  readonly timeZone: string;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `value` is not `YYYY-MM-DD` naming a real day of the Gregorian calendar, or undefined when it is. */
export function calendarDateProblem(value: string): string | undefined {
  const match = datePattern.exec(value);
  if (!match) return `expected a date as YYYY-MM-DD, found \`${value}\``;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return `\`${value}\` is not a calendar date: there is no month ${month}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return `\`${value}\` is not a calendar date: ${name} ${year} has ${days} days`;
  }
  return undefined;
}

/** A validated front matter date (see calendarDateProblem) as a ReleaseInstant. */
export function releaseInstant(date: string | ReleaseInstant): ReleaseInstant {
  if (typeof date !== 'string') return date;
  return { date, instant: new Date(`${date}T12:00:00Z`), timeZone: 'UTC' };
}

/**
 * The instant stamped into generated files (PDF CreationDate/ModDate, XMP, feed
 * published/updated): the release's own, or SOURCE_DATE_EPOCH when set, so
 * that a reproducible build (reproducible-builds.org) stamps one fixed time.
 */
export function stampedInstant(date: string | ReleaseInstant): Date {
  const epoch = sourceDateEpoch();
  return epoch ?? releaseInstant(date).instant;
}

/** The PDF's CreationDate and ModDate for a release or pack dated `date`. */
export function releaseDate(date: string | ReleaseInstant): Date {
  return stampedInstant(date);
}

/** The same instant as the PDF's, as RFC 3339 for Atom: `2023-04-04T12:00:00Z`. */
export function feedTimestamp(date: string | ReleaseInstant): string {
  return rfc3339(stampedInstant(date));
}

/** A feed with no entries is dated at the epoch (or SOURCE_DATE_EPOCH): stable, never "now". */
export function emptyFeedTimestamp(): string {
  return rfc3339(sourceDateEpoch() ?? new Date(0));
}

/** The release date as readers of `lang` write it: "April 4, 2023", "2023年4月4日", "4 avril 2023". */
export function formatDateline(date: string | ReleaseInstant, lang: string): string {
  const when = releaseInstant(date);
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: when.timeZone }).format(when.instant);
  } catch {
    return when.date;
  }
}

/**
 * Today as `YYYY-MM-DD` for `npm run new`. Local time on purpose: a press
 * officer writing at 00:30 in Tokyo means today's date there, not UTC's.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function sourceDateEpoch(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

/** An instant as RFC 3339 in UTC, whole seconds: what Atom and XMP expect. */
export function rfc3339(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
