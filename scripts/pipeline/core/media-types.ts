// Media types by file extension, shared by everything that serves or checks
// files: the print sandbox, the dev server and the remote-image download.

/** Raster images: the only types a remote image may have (an SVG can carry script). */
export const rasterImageTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};

/** Every type an output folder holds. */
export const mediaTypes: Readonly<Record<string, string>> = {
  ...rasterImageTypes,
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.xml': 'application/atom+xml',
};
