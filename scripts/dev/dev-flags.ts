// What `npm run dev` accepts: its flags and the usage text shown with --help
// or a bad flag. Kept apart from dev.ts, which is the watch-build-serve loop.
import { parseArgs } from 'node:util';

export const usage = `Usage: npm run dev -- [options]

Builds, then rebuilds whatever changes under the content and templates
folders, and serves the output on http://127.0.0.1:PORT/ with live reload.

Options:
  --content DIR    where the releases are (default: content)
  --out DIR        where to write and what to serve (default: output)
  --templates DIR  where the templates are (default: templates)
  --port N         port on 127.0.0.1 (default: 4000; 0 picks a free one)
  --help           show this help`;

export function parse() {
  return parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'output' },
      templates: { type: 'string', default: 'templates' },
      port: { type: 'string', default: '4000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
