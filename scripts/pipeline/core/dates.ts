// What a release's date means, in one place.

/** The release date at noon UTC, or SOURCE_DATE_EPOCH when set (reproducible-builds.org). */
export function releaseDate(date: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${date}T12:00:00Z`);
}
