// Loaded with `node --import`: registers a resolve hook that appends every
// resolved module URL to the file named by BRIEFING_TRACE_IMPORTS, so a test
// can tell which packages a run loaded (a no-change build must load neither
// Puppeteer nor LiquidJS).
import { register } from 'node:module';

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
