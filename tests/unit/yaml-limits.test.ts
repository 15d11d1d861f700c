// One hostile YAML text (front matter, site.yml, a pack) is refused with a
// place, fast, and never throws: an alias bomb, a huge file, too many keys,
// duplicate keys among many.
import { describe, expect, it } from 'vitest';
import { limits } from '../../scripts/pipeline/core/limits.ts';
import { parseYamlSource } from '../../scripts/pipeline/schema/yaml-source.ts';

function bomb(levels: number): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('YAML limits', () => {
  it('refuses an alias bomb without throwing, at the alias that multiplies most', () => {
    const parsed = parseYamlSource(bomb(9), 2);
    expect(parsed.value).toBeUndefined();
    expect(parsed.syntaxErrors[0]?.reason).toMatch(/alias/);
    // Line 9 of the text (`a8: &a8 [*a7, …]`), the file's line 10; its first alias at column 10.
    expect(parsed.syntaxErrors[0]?.place).toMatchObject({ line: 10, column: 10 });
  });

  it('places a bomb that holds an alias inside its own anchor without looping', () => {
    const parsed = parseYamlSource(`self: &s [*s, x]\n${bomb(9)}`);
    expect(parsed.value).toBeUndefined();
    expect(parsed.syntaxErrors[0]?.place).toMatchObject({ line: 10 });
  });

  it('refuses a text over the size limit at its first line', () => {
    const parsed = parseYamlSource(`title: ${'x'.repeat(limits.yamlBytes)}\n`, 2);
    expect(parsed.syntaxErrors[0]).toMatchObject({ reason: /at most 64 KiB/, place: { line: 2, column: 1 } });
  });

  it('refuses more keys than the limit at the first one over, in linear time', () => {
    const text = Array.from({ length: limits.yamlKeys + 5 }, (_, i) => `k${i}: ${i}`).join('\n');
    const started = performance.now();
    const parsed = parseYamlSource(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parsed.syntaxErrors[0]).toMatchObject({ reason: /More than 1000 keys/, place: { line: limits.yamlKeys + 1 } });
  });

  it('names a duplicate key at its second place', () => {
    const parsed = parseYamlSource('title: A\ndate: 2023-01-01\ntitle: B\n');
    expect(parsed.syntaxErrors[0]).toMatchObject({ reason: /`title` is given twice/, place: { line: 3, column: 1 } });
  });

  it('still reads an ordinary anchor and alias', () => {
    expect(parseYamlSource('a: &x hello\nb: *x\n').value).toEqual({ a: 'hello', b: 'hello' });
  });
});
