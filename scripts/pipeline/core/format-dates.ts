// A release's date as readers of its language see it: the dateline, the time of
// day with its zone, and both together. Kept apart from dates.ts, which reads
// and checks dates and gives the instants the files stamp; this is only words.
import { dateFormat, type ReleaseInstant, releaseInstant } from './dates.ts';

/** The release date as readers of `lang` write it: "April 4, 2023", "2023年4月4日", "4 avril 2023". */
export function formatDateline(date: string | ReleaseInstant, lang: string): string {
  const when = releaseInstant(date);
  try {
    return dateFormat(lang, { dateStyle: 'long', timeZone: when.timeZone }).format(when.instant);
  } catch {
    return when.date;
  }
}

/** The time of day and zone of a dated release as readers of `lang` write it: "19:10 CEST", or undefined without a time. */
export function formatTimeOfDay(when: ReleaseInstant, lang: string): string | undefined {
  if (!when.hasTime) return undefined;
  try {
    const time = dateFormat(lang, { timeStyle: 'short', timeZone: when.timeZone, hourCycle: 'h23' }).format(when.instant);
    return `${time} ${zoneName(when, lang)}`;
  } catch {
    return undefined;
  }
}

/** A moment with its day, time and zone, for "Embargoed until …" and "Updated …". */
export function formatMoment(when: ReleaseInstant, lang: string): string {
  const time = formatTimeOfDay(when, lang);
  return time ? `${formatDateline(when, lang)} ${time}` : formatDateline(when, lang);
}

function zoneName(when: ReleaseInstant, lang: string): string {
  const part = dateFormat(lang, { timeZone: when.timeZone, timeZoneName: 'short' })
    .formatToParts(when.instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? when.timeZone;
}
