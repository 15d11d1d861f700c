// Golden files: each tests/fixtures/golden/<case>/**/input.md renders to the
// output.html beside it, exactly. Run with UPDATE=1 to regenerate after an
// intended change, then review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessages } from '../scripts/pipeline/core/messages.ts';
import { loadRelease } from '../scripts/pipeline/load/load-release.ts';
import { renderRelease } from '../scripts/pipeline/render/render-release.ts';
import { createTemplateEngine } from '../scripts/pipeline/render/render-template.ts';
import { siteSchema, withDefaults } from '../scripts/pipeline/schema/config.ts';
import { fixtures, templatesDir } from './helpers/project.ts';

const goldenDir = path.join(fixtures, 'golden');
const config = withDefaults(siteSchema.parse({ organization: 'Ministry of Foreign Affairs of Japan' }));
const cases = readdirSync(goldenDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => path.basename(f) === 'input.md')
  .sort();

describe('golden HTML', () => {
  it.each(cases)('%s', async (input) => {
    const source = path.join(goldenDir, input);
    const caseDir = path.join(goldenDir, input.split(path.sep)[0] ?? '');
    const { file, release } = await loadRelease(source, { contentDir: caseDir, templatesDir, config });
    expect(release, formatMessages([file]).join('\n')).toBeDefined();
    if (!release) return;
    const engine = await createTemplateEngine(templatesDir);
    const rendered = await renderRelease(release, { contentDir: caseDir, config, engine });
    const messages = formatMessages([file], caseDir).join('\n');
    const actual = `${rendered?.html ?? ''}\n<!-- messages:\n${messages}\n-->\n`;
    const expectedPath = path.join(path.dirname(source), 'output.html');
    // Only UPDATE=1 writes: a normal run that wrote a missing golden file would pass against itself.
    if (process.env.UPDATE) writeFileSync(expectedPath, actual);
    expect(
      existsSync(expectedPath),
      `${path.relative(fixtures, expectedPath)} is missing: run UPDATE=1 npx vitest run tests/golden.test.ts and review it`,
    ).toBe(true);
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
  });
});
