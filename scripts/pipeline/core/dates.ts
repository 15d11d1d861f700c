// What a release's date means, in one place: how it is written and checked,
// the instant the PDF and the feed stamp, the dateline readers see
// (format-dates.ts), and "today" for a new release. Every module that turns a
// release date into anything else goes through here.
//
// Everything is built on one value, ReleaseInstant, so that a later change can
// accept a time of day and an IANA zone (`date: 2023-04-04T19:10`,
// `time_zone: Europe/Brussels`) in `releaseInstant` alone.

const formats = new Map<string, Intl.DateTimeFormat>();
/**
 * One formatter per locale and options: making one costs far more than using
 * it, and a listing of thousands of releases formats thousands of dates.
 * Throws, like the constructor, for an unknown zone or locale.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale, options]);
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** A release date as the author wrote it and the moment it stands for. */
export interface ReleaseInstant {
  /** The calendar day in `timeZone`: `YYYY-MM-DD`. */
  readonly date: string;
  /** The moment: the written time of day in `timeZone`, or noon of a date-only day, so no zone offset moves it to another day. */
  readonly instant: Date;
  /** IANA time zone the dateline is read in: the release's `time_zone`, the site's, or `UTC`. */
  readonly timeZone: string;
  /** Whether a time of day was written (the dateline then shows it). */
  readonly hasTime: boolean;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `YYYY-MM-DD`, then optionally `THH:MM[:SS]` (or a space) and an offset `Z` / `+02:00`. */
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/;

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

/**
 * Why `value` is not a date (`2023-04-04`) or an ISO 8601 date and time
 * (`2023-04-04T19:10`, `2023-04-04T19:10+02:00`, `...Z`); `needsTime` refuses a bare date.
 */
export function dateTimeProblem(value: string, needsTime = false): string | undefined {
  const match = dateTimePattern.exec(value);
  const expected = needsTime
    ? 'a date and time such as `2023-05-08T10:00`'
    : 'a date as YYYY-MM-DD or a date and time such as `2023-04-04T19:10`';
  if (!match) return `expected ${expected}, found \`${value}\``;
  const dayProblem = calendarDateProblem(match[1] ?? '');
  if (dayProblem) return dayProblem;
  if (needsTime && match[2] === undefined) return `expected ${expected}, found only a date: \`${value}\``;
  const [hour, minute, second] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return `\`${value}\` is not a time of day: expected 00:00 to 23:59`;
  const offset = match[5];
  if (offset && offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59))
    return `\`${offset}\` is not a zone offset`;
  return undefined;
}

/** Why `zone` is not an IANA time zone name Node knows (`Europe/Brussels`), or undefined. */
export function timeZoneProblem(zone: string): string | undefined {
  try {
    dateFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone \`${zone}\`: expected an IANA name such as \`Europe/Brussels\` or \`Asia/Tokyo\``;
  }
}

/** A valid date or date-time (see dateTimeProblem) read in `timeZone`, or why it names no instant there (a DST gap). */
export function zonedInstant(value: string, timeZone = 'UTC'): { ok: true; when: ReleaseInstant } | { ok: false; reason: string } {
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem) return { ok: false, reason: zoneProblem };
  const match = dateTimePattern.exec(value);
  if (!match) return { ok: false, reason: dateTimeProblem(value) ?? `\`${value}\` is not a date` };
  const [y, mo, d] = (match[1] ?? '').split('-').map(Number) as [number, number, number];
  const hasTime = match[2] !== undefined;
  const wall = Date.UTC(y, mo - 1, d, hasTime ? Number(match[2]) : 12, Number(match[3] ?? 0), Number(match[4] ?? 0));
  const offset = match[5];
  let instant: Date;
  if (offset) {
    const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
    instant = new Date(wall - minutes * 60_000);
  } else {
    // Two passes find the offset in force at that wall time; a wall time the clocks skip has none.
    const first = wall - offsetMs(new Date(wall), timeZone);
    instant = new Date(wall - offsetMs(new Date(first), timeZone));
    if (wallClock(instant, timeZone) !== wall) {
      return { ok: false, reason: `\`${value}\` does not exist in ${timeZone}: the clocks skip that hour (daylight saving time)` };
    }
  }
  return { ok: true, when: { date: localDate(instant, timeZone), instant, timeZone, hasTime } };
}

/** A validated front matter date (see dateTimeProblem) as a ReleaseInstant; a date alone is noon UTC. */
export function releaseInstant(date: string | ReleaseInstant): ReleaseInstant {
  if (typeof date !== 'string') return date;
  const read = zonedInstant(date);
  return read.ok ? read.when : { date, instant: new Date(`${date}T12:00:00Z`), timeZone: 'UTC', hasTime: false };
}

/** `--now`: an ISO 8601 date and time, UTC unless it carries an offset; undefined when it is not one. */
export function parseNow(value: string): Date | undefined {
  const read = dateTimeProblem(value, true) ? undefined : zonedInstant(value, 'UTC');
  return read?.ok ? read.when.instant : undefined;
}

/** Whether a release under `embargo` is still held back at `now`. */
export function isEmbargoed(embargo: string | undefined, now: Date): boolean {
  return embargo !== undefined && now.getTime() < Date.parse(embargo);
}

/** The wall-clock time of `instant` in `timeZone`, as milliseconds of a UTC date with the same fields. */
function wallClock(instant: Date, timeZone: string): number {
  // UTC has no offset: the same answer without Intl, which the listing of a large archive asks once per date.
  if (timeZone === 'UTC') return Math.floor(instant.getTime() / 1000) * 1000;
  const parts = Object.fromEntries(
    dateFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      ...{ year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
    })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute, parts.second);
}

function offsetMs(instant: Date, timeZone: string): number {
  return wallClock(instant, timeZone) - Math.floor(instant.getTime() / 1000) * 1000;
}

function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant, timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant stamped into generated files (PDF CreationDate/ModDate, XMP, feed
 * published/updated): the release's own, or SOURCE_DATE_EPOCH when set, so
 * that a reproducible build (reproducible-builds.org) stamps one fixed time.
 */
export function stampedInstant(date: string | ReleaseInstant | Date): Date {
  const epoch = sourceDateEpoch();
  return epoch ?? (date instanceof Date ? date : releaseInstant(date).instant);
}

/** The PDF's CreationDate and ModDate for a release or pack dated `date`. */
export function releaseDate(date: string | ReleaseInstant | Date): Date {
  return stampedInstant(date);
}

/** The same instant as the PDF's, as RFC 3339 for Atom: `2023-04-04T12:00:00Z`. */
export function feedTimestamp(date: string | ReleaseInstant | Date): string {
  return rfc3339(stampedInstant(date));
}

/** A feed with no entries is dated at the epoch (or SOURCE_DATE_EPOCH): stable, never "now". */
export function emptyFeedTimestamp(): string {
  return rfc3339(sourceDateEpoch() ?? new Date(0));
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
