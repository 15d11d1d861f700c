import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { calendarDateProblem } from '../../scripts/pipeline/core/dates.ts';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { frontMatterKeys, frontMatterSchema } from '../../scripts/pipeline/schema/front-matter.ts';
import { checkYaml } from '../../scripts/pipeline/schema/schema-check.ts';
import { parseYamlSource } from '../../scripts/pipeline/schema/yaml-source.ts';

function check(yaml: string) {
  const file = new VFile({ path: '/x/release.md' });
  const data = checkYaml(parseYamlSource(yaml, 2), frontMatterSchema, file, {
    knownKeys: frontMatterKeys,
    rule: 'front-matter',
    what: 'front matter',
  });
  return { data, lines: formatMessages([file], '/x') };
}

describe('front matter', () => {
  it('accepts a complete release and keeps custom keys for templates', () => {
    const { data, lines } = check('title: T\ndate: 2023-04-04\ntags: [a, b]\n');
    expect(lines).toEqual([]);
    expect(data).toMatchObject({ title: 'T', date: '2023-04-04', tags: ['a', 'b'] });
  });

  it('keeps dates as text (YAML core schema), not JavaScript dates', () => {
    expect(check('title: T\ndate: 2023-04-04\n').data?.date).toBe('2023-04-04');
  });

  it('reports a missing title at the start of the front matter', () => {
    expect(check('date: 2023-04-04\n').lines).toEqual([
      'release.md:2:1: error: Missing required key `title` in front matter [front-matter-missing]',
    ]);
  });

  it('reports an impossible date at its value, with the reason', () => {
    expect(check('title: T\ndate: 2023-02-30\n').lines).toEqual([
      'release.md:3:7: error: Invalid `date` in front matter: `2023-02-30` is not a calendar date: February 2023 has 28 days [front-matter-invalid]',
    ]);
  });

  it('points an unclosed quote at the quote that opened it', () => {
    expect(check('title: "Open\ndate: 2023-02-01\n').lines).toEqual([
      'release.md:2:8: error: Invalid YAML in front matter: Missing closing " for the quote that opens here [front-matter-yaml]',
    ]);
  });

  it('warns about an unknown key and names the nearest known one', () => {
    const { data, lines } = check('tittle: T\ntitle: T\ndate: 2023-04-04\n');
    expect(data).toBeDefined();
    expect(lines).toEqual([
      'release.md:2:1: warning: Unknown key `tittle` in front matter; did you mean `title`? [front-matter-unknown-key]',
    ]);
  });

  it('rejects a list where text is expected, at the value', () => {
    expect(check('title: [a]\ndate: 2023-04-04\n').lines[0]).toMatch(/^release\.md:2:8: error: Invalid `title`/);
  });
});

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', undefined],
    ['2023-02-29', '`2023-02-29` is not a calendar date: February 2023 has 28 days'],
    ['2023-13-01', '`2023-13-01` is not a calendar date: there is no month 13'],
    ['4 April 2023', 'expected a date as YYYY-MM-DD, found `4 April 2023`'],
  ])('%s', (value, problem) => {
    expect(calendarDateProblem(value)).toBe(problem);
  });
});
