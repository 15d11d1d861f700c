// Starts one of the commands in scripts/ (`node scripts/run.mjs build --quiet`
// runs scripts/build.ts with `--quiet`); every npm script goes through here.
//
// Why not tsx: its loader hooks sit in front of
// every import, node_modules included, and cost about 0.75 s per run — more
// than a whole no-change rebuild. Instead esbuild bundles our own TypeScript
// once, with the packages it imports (Puppeteer aside), into
// node_modules/.cache/briefing-press/<hash of the sources and the lockfile>/.
// A change gives a new hash and a new bundle (about 1 s, once).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const scriptsDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(scriptsDir);
const commands = ['build', 'new', 'check', 'dev', 'bench', 'repro'];

/** The folder holding the bundle of the current sources, made if missing. */
async function freshBundle() {
  // The bundle holds our sources and the packages (see below): it is made
  // again when any of them, this file or the locked package versions change.
  const inputs = [
    ...listSources(scriptsDir),
    fileURLToPath(import.meta.url),
    ...['package-lock.json', 'package.json'].map((f) => path.join(root, f)),
  ];
  const hash = createHash('sha256').update(root);
  for (const file of inputs.filter((f) => existsSync(f))) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  const cacheRoot = writableCache();
  const dir = path.join(cacheRoot, hash.digest('hex').slice(0, 16));
  if (existsSync(path.join(dir, 'done'))) return dir;

  const { build } = await import('esbuild');
  // Built aside, then renamed into place: parallel runs each build their own
  // copy, the first rename wins and the others use it.
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  await build({
    entryPoints: commands.map((name) => path.join(scriptsDir, `${name}.ts`)),
    outdir: building,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Puppeteer stays a package of its own: it finds its downloaded browser
    // and config from its own folder (find-browser.ts asks it only when no
    // system browser is there); so does sharp, which loads a native library.
    // Everything else is bundled: Node's loading of the hundreds of small ES
    // modules behind unified and remark cost 0.7 s a run, the same code from
    // one bundle under 0.1 s; puppeteer-core, which speaks to the browser,
    // cost 0.3 s of CPU a run as its own 400 files. subset-font finds its
    // WebAssembly files beside its own sources, so it stays outside too.
    external: ['puppeteer', 'sharp', 'subset-font'],
    mainFields: ['module', 'main'],
    // Some packages are CommonJS and require() Node's built-in modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'error',
    plugins: [sourceLocations],
  });
  writeFileSync(path.join(building, 'done'), '');
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  pruneOld(cacheRoot, dir);
  return dir;
}

/**
 * The pipeline finds package.json, its own sources (for the manifest's version
 * hash) and the fonts relative to `import.meta.url`; in a bundle that would be
 * the bundle's address, so each file gets its own source address instead.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

function listSources(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function writableCache() {
  for (const dir of [path.join(root, 'node_modules', '.cache', 'briefing-press'), path.join(tmpdir(), 'briefing-press-cache')]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // Read-only node_modules: try the next place.
    }
  }
  throw new Error('No writable folder for the bundle cache (node_modules/.cache or the temporary folder)');
}

/** Bundles of older sources, left a day so a run still using one can finish. */
function pruneOld(cacheRoot, keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(cacheRoot)) {
    const dir = path.join(cacheRoot, name);
    if (dir !== keep && statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
  }
}

const [command, ...rest] = process.argv.slice(2);
if (!commands.includes(command ?? '')) {
  process.stderr.write(`Usage: node scripts/run.mjs ${commands.join('|')} [options]\n`);
  process.exit(2);
}

// A build lives seconds, and V8 spent a third of its CPU outside our thread:
// its background threads compiled some 900 functions with TurboFan (2.4-3.2 s of
// CPU in a cold build of 100 releases, both cores being busy anyway). Four times
// the profiler's budget before a function is optimized (Node 20's V8: 67,584)
// leaves the ones that stay hot: 4 interleaved cold builds of 100, compiling
// threads 2.77 -> 1.71 s, our own thread 4.39 -> 4.44 s, Node's CPU 7.68 -> 6.26 s.
// Read when a function's budget is next set, so it holds for all the code below.
setFlagsFromString('--interrupt-budget=270336');
const bundleDir = await freshBundle();
// Stacks point into our TypeScript, not the bundle, but only when one is printed
// (BRIEFING_DEBUG=1, see cli/run-command.ts): Node reads the map of every chunk it
// loads, about 0.17 s of CPU on a build that prints.
if (process.env.BRIEFING_DEBUG === '1') process.setSourceMapsEnabled(true);
// The command reads its flags from process.argv[2…], as when run directly.
process.argv = [process.argv[0] ?? process.execPath, path.join(scriptsDir, `${command}.ts`), ...rest];
await import(pathToFileURL(path.join(bundleDir, `${command}.js`)).href);
