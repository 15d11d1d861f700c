// How the CLIs end: a problem the user can fix is one line and exit code 2; a
// bug is one line saying so, a request to report it, and exit code 3, with the
// stack only under BRIEFING_DEBUG=1.
import { describe, expect, it } from 'vitest';
import { describeError, exitCode, runCommand } from '../../scripts/cli/run-command.ts';
import { BriefingError, UsageError } from '../../scripts/pipeline/core/errors.ts';
import { creator } from '../../scripts/pipeline/core/product.ts';
import { LockError } from '../../scripts/pipeline/write/lock.ts';
import { OutputError } from '../../scripts/pipeline/write/write-output.ts';

describe('describeError', () => {
  it('prints a BriefingError as one line, exit code 2', () => {
    expect(describeError(new UsageError('Content folder not found: x'), false)).toEqual({
      lines: ['error: Content folder not found: x'],
      code: 2,
    });
    expect(describeError(new LockError('in use', '/out/.briefing.lock'), true).code).toBe(exitCode.usage);
  });

  it('calls anything else a bug: exit code 3, no stack unless debugging', () => {
    const bug = new TypeError('x is undefined');
    const plain = describeError(bug, false);
    expect(plain.code).toBe(3);
    expect(plain.lines[0]).toBe(`Internal error in ${creator} (a bug): x is undefined`);
    expect(plain.lines[1]).toBe('Please report it with the command you ran');
    expect(plain.lines.join('\n')).not.toContain('    at ');
    expect(describeError(bug, true).lines.join('\n')).toContain('    at ');
    expect(describeError('thrown string', false).lines[0]).toBe(`Internal error in ${creator} (a bug): thrown string`);
  });
});

describe('runCommand', () => {
  it('returns what main returns, and maps what escapes it', async () => {
    let written = '';
    const write = (text: string) => {
      written += text;
      return true;
    };
    expect(await runCommand(async () => 1, write)).toBe(1);
    expect(await runCommand(async () => Promise.reject(new RangeError('bad index')), write)).toBe(3);
    expect(written).toContain('(a bug): bad index');
  });
});

describe('BriefingError', () => {
  it('carries the stage, the file and the cause', () => {
    const cause = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    const error = new OutputError('/out/a.pdf', cause);
    expect(error).toBeInstanceOf(BriefingError);
    expect(error.stage).toBe('write');
    expect(error.file).toBe('/out/a.pdf');
    expect(error.cause).toBe(cause);
    expect(new UsageError('x', [], { cause }).cause).toBe(cause);
    expect(new UsageError('x').stage).toBe('usage');
  });
});
