// Category file names are ASCII and bounded: accents keep their base letter,
// other scripts become a short hash of the name, so no link is percent-encoded
// and no disk sees a name it normalises or refuses.
import { expect, it } from 'vitest';
import { categoryFileSlug } from '../../scripts/pipeline/core/category-file-slug.ts';
import { limits } from '../../scripts/pipeline/core/limits.ts';

it.each([
  ['North Atlantic Treaty Organization (NATO)', 'north-atlantic-treaty-organization-nato'],
  ['Security & Defence', 'security-defence'],
  ['Café Société', 'cafe-societe'],
  ['Straße & Øresund', 'strasse-oresund'],
])('%s -> %s', (name, slug) => {
  expect(categoryFileSlug(name)).toBe(slug);
});

it.each(['安全保障', '北大西洋条約機構（NATO）', 'Безопасность', 'الأمن', 'Security & Defence '.repeat(18)])(
  '%s becomes ASCII within the limit, with a hash that tells names apart',
  (name) => {
    const slug = categoryFileSlug(name);
    expect(slug).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(slug.length).toBeLessThanOrEqual(limits.categoryFileBytes);
    expect(categoryFileSlug(`${name}2`)).not.toBe(slug);
  },
);

it('keeps the Latin part of a mixed name', () => {
  expect(categoryFileSlug('北大西洋条約機構（NATO）')).toMatch(/^nato-[0-9a-f]{8}$/);
  expect(categoryFileSlug('安全保障')).toMatch(/^category-[0-9a-f]{8}$/);
});
