import { describe, expect, it } from 'vitest';
import { ArgsError, type FlagTable, formatHelp, parseCount, parseFlags, parseList } from '../../scripts/cli/args.ts';
import { painter, paintMessage, wantsColour } from '../../scripts/cli/output.ts';

const flags = {
  out: { type: 'string', value: 'DIR', default: 'output', help: 'where to write', example: '--out public' },
  shard: { type: 'string', value: 'I/N', help: 'build one part', example: '--shard 1/4' },
  quiet: { type: 'boolean', short: 'q', help: 'errors only', example: '--quiet' },
} as const satisfies FlagTable;

describe('flag table', () => {
  it('parses values with defaults and positionals', () => {
    const { values, positionals } = parseFlags(flags, ['-q', 'a.md', '--shard=2/4']);
    expect(values).toEqual({ out: 'output', shard: '2/4', quiet: true });
    expect(positionals).toEqual(['a.md']);
  });

  it('names the nearest known flag for a typo, and none for nonsense', () => {
    expect(() => parseFlags(flags, ['--shrad', '1/2'])).toThrow('Unknown flag `--shrad`; did you mean `--shard`?');
    expect(() => parseFlags(flags, ['--xyzzy-plugh'])).toThrow(/^Unknown flag `--xyzzy-plugh`$/);
    expect(() => parseFlags(flags, ['-x'])).toThrow(ArgsError);
  });

  it('says which flag is missing its value', () => {
    expect(() => parseFlags(flags, ['--out'])).toThrow('Flag `--out` needs a value');
  });

  it('lists every flag with its example in --help', () => {
    const help = formatHelp(flags, { usage: 'x', description: 'd', examples: ['x --quiet'] });
    expect(help).toContain('      --out DIR    where to write (default: output)\n                   e.g. --out public');
    expect(help).toContain('  -q, --quiet      errors only');
    expect(help).toContain('      --shard I/N  build one part\n');
  });

  it('checks list and count values', () => {
    expect([...parseList('format', 'PDF, html', ['html', 'pdf'])]).toEqual(['pdf', 'html']);
    expect(() => parseList('format', 'pfd', ['html', 'pdf'])).toThrow('did you mean `pdf`?');
    expect(parseCount('concurrency', '3')).toBe(3);
    expect(() => parseCount('concurrency', '1.5')).toThrow(ArgsError);
  });
});

describe('colour', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  it('is used only on a terminal and never with NO_COLOR', () => {
    expect(wantsColour(tty, {})).toBe(true);
    expect(wantsColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour({ isTTY: false } as NodeJS.WriteStream, {})).toBe(false);
  });

  it('colours the severity and leaves the text as printed', () => {
    const line = 'content/a.md:3:7: error: Bad date [front-matter-invalid]';
    expect(paintMessage(line, painter(false))).toBe(line);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is tested
    expect(paintMessage(line, painter(true)).replace(/\u001b\[\d+m/g, '')).toBe(line);
    expect(paintMessage(line, painter(true))).toContain('\u001b[31m');
  });
});
