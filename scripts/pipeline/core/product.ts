// The program's own name and version, as written into every PDF's Creator/Producer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `Briefing Press <version>`. */
export const creator = `Briefing Press ${packageVersion}`;

/** The folder of this program's package.json: never an output folder. */
export const programRoot = fileURLToPath(new URL('../../../', import.meta.url));
