// Every size and depth limit the build enforces, in one place. They exist so
// that one hostile or broken input (an alias bomb, 10,000 nested quotes, a
// 20 MB paragraph) fails alone with a positioned error instead of exhausting
// the stack, the memory or the time of the whole build. Each is documented in
// docs/authoring.md ("Limits"); change both together.

export const limits = {
  /** Bytes of one release file (Markdown + front matter). */
  releaseBytes: 1024 * 1024,
  /** Bytes of one YAML text: front matter, site.yml, a pack. */
  yamlBytes: 64 * 1024,
  /** Keys in one YAML text (all maps together). */
  yamlKeys: 1000,
  /** Aliases (`*name`) one YAML text may expand. */
  yamlAliases: 100,
  /** Nesting of block quotes and lists in Markdown (counted per line, as written). */
  markdownDepth: 100,
  /** Nesting of raw HTML elements in a release. */
  htmlDepth: 256,
  /** Footnote definitions in one release. */
  footnotes: 1000,
  /** Bytes of one SVG image, and how deep its elements may nest. */
  svgBytes: 4 * 1024 * 1024,
  svgDepth: 256,
  /** Bytes of a file name made from a category (before `.html`). */
  categoryFileBytes: 80,
  /**
   * Not a refusal but a memory budget: a build keeps the Markdown trees of the
   * releases it loaded, from load to build, while their sources come to at most
   * this many bytes together (a tree takes about 5 to 20 times its source); past
   * it, as at 10,000 releases, the trees are dropped and parsed again when built
   * (load/light-release.ts). Not in docs/authoring.md: nothing is refused.
   */
  keptTreesSourceBytes: 16 * 1024 * 1024,
  /**
   * From this many releases to load, a build keeps its heap near its live size
   * (core/heap.ts). Not in docs/authoring.md: nothing is refused.
   */
  compactHeapReleases: 2000,
} as const;

/** `1048576` -> `1 MiB`, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
