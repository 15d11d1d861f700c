// The kinds of release a press office issues. The front matter's `type` takes
// one of these; each language's labels module names every one of them.

export const releaseTypes = ['press-release', 'statement', 'media-advisory', 'speech', 'readout', 'fact-sheet'] as const;

export type ReleaseType = (typeof releaseTypes)[number];

export function isReleaseType(value: string | undefined): value is ReleaseType {
  return (releaseTypes as readonly (string | undefined)[]).includes(value);
}
