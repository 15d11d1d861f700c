// Preloaded with `node --import` to simulate a bug in Briefing Press: the first
// readdir() of a path matching CRASH_READDIR throws a TypeError, as a
// programming mistake would, rather than a Node error with a code. Only tests
// use it, so no production path carries a hook.
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const pattern = new RegExp(process.env.CRASH_READDIR ?? '$^');
const readdir = fs.readdir;
fs.readdir = async (dir, ...rest) => {
  if (pattern.test(String(dir))) throw new TypeError('Cannot read properties of undefined (reading "slug")');
  return readdir(dir, ...rest);
};
syncBuiltinESMExports();
