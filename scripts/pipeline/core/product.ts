// The program's own name and version, as written into every PDF's Creator/Producer.
import { readFileSync } from 'node:fs';

const packageVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `Briefing Press <version>`. */
export const creator = `Briefing Press ${packageVersion}`;
