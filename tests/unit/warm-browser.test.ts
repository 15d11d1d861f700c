// The kept browser answers whoever can open its socket, so the socket's folder
// must be this user's alone: anything else means no kept browser.
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keeperSocket } from '../../scripts/pipeline/print/warm-browser.ts';
import { tempDir } from '../helpers/project.ts';

const uid = process.getuid?.() as number;
const saved = process.env.XDG_RUNTIME_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
  else process.env.XDG_RUNTIME_DIR = saved;
});

describe('the kept browser socket', () => {
  it('lives in a folder only this user may enter, made so when missing', () => {
    process.env.XDG_RUNTIME_DIR = tempDir('briefing-run-');
    const socket = keeperSocket('/usr/bin/chromium');
    expect(socket).toMatch(new RegExp(`briefing-press-${uid}/browser-[0-9a-f]{16}\\.sock$`));
    // The same browser and flags give the same socket: the next build finds the keeper.
    expect(keeperSocket('/usr/bin/chromium')).toBe(socket);
    expect(keeperSocket('/opt/other/chrome')).not.toBe(socket);
  });

  it('is refused in a folder others may enter', () => {
    process.env.XDG_RUNTIME_DIR = tempDir('briefing-run-');
    const dir = path.join(process.env.XDG_RUNTIME_DIR, `briefing-press-${uid}`);
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    expect(keeperSocket('/usr/bin/chromium')).toBeUndefined();
  });

  it('is refused behind a symbolic link', () => {
    process.env.XDG_RUNTIME_DIR = tempDir('briefing-run-');
    const target = tempDir('briefing-elsewhere-');
    chmodSync(target, 0o700);
    symlinkSync(target, path.join(process.env.XDG_RUNTIME_DIR, `briefing-press-${uid}`));
    expect(keeperSocket('/usr/bin/chromium')).toBeUndefined();
  });
});
