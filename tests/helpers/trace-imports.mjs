// Loaded with `node --import`: registers a resolve hook that appends every
// resolved module URL to the file named by BRIEFING_TRACE_IMPORTS, so a test
// can tell which packages a run loaded (a no-change build must load neither
// Puppeteer nor LiquidJS). Node 20's hooks do not see require(), so files
// that CommonJS loads (xmldom, required at a build's first SVG) are added too.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

if (process.env.BRIEFING_TRACE_IMPORTS) {
  register(
    `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.BRIEFING_TRACE_IMPORTS)}, result.url + '\\n');
  return result;
}`)}`,
  );
}

if (process.env.BRIEFING_TRACE_IMPORTS) {
  const file = process.env.BRIEFING_TRACE_IMPORTS;
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (...args) {
    const resolved = resolveFilename.apply(this, args);
    if (path.isAbsolute(resolved)) appendFileSync(file, `${pathToFileURL(resolved).href}\n`);
    return resolved;
  };
}
