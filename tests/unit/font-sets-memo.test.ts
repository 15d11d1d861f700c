// A process that builds again (dev) keeps the font sets it loaded, but only
// while fonts.yml says the same: an edited list is read again, and a broken one
// is an error, never the sets it replaced.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/pipeline/core/errors.ts';
import { loadFontSets } from '../../scripts/pipeline/render/fonts.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const original = readFileSync(path.join(templatesDir, 'fonts.yml'), 'utf8');
const families = (dir: string) => [...loadFontSets(dir).values()].flatMap((set) => set.families);

describe('loadFontSets in a process that builds again', () => {
  it('gives the same sets while fonts.yml is unchanged, and reads an edited one again', () => {
    const dir = tempDir('briefing-font-sets-');
    const list = path.join(dir, 'fonts.yml');
    writeFileSync(list, original);
    const first = loadFontSets(dir);
    expect(loadFontSets(dir)).toBe(first);
    expect(families(dir)).toContain('Source Sans 3');

    // Source Sans 3's entry dropped: its family is gone from the next sets.
    writeFileSync(list, original.replace(/- package: "@fontsource\/source-sans-3"[\s\S]*?faces: \[[^\]]*\]\n/, ''));
    const edited = loadFontSets(dir);
    expect(edited).not.toBe(first);
    expect(families(dir)).not.toContain('Source Sans 3');
    expect(families(dir)).toContain('Source Serif 4');

    // A misspelt key is the list's error, not the last good sets.
    writeFileSync(list, original.replace('family: Source Serif 4', 'familly: Source Serif 4'));
    expect(() => loadFontSets(dir)).toThrow(UsageError);

    // The same text in another templates folder is another list (its packages may resolve elsewhere).
    writeFileSync(list, original);
    const again = loadFontSets(dir);
    expect(loadFontSets(templatesDir)).not.toBe(again);
    expect(families(templatesDir)).toEqual(families(dir));
  });
});
