import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { loadConfig } from '../../scripts/pipeline/schema/config.ts';
import { tempDir } from '../helpers/project.ts';

function configIn(text: string | undefined) {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  if (text !== undefined) writeFileSync(path.join(dir, 'site.yml'), text);
  return { dir, loaded: loadConfig(dir) };
}

describe('site config', () => {
  it('has defaults when there is no site.yml', async () => {
    const { config, file } = await configIn(undefined).loaded;
    expect(file.messages).toEqual([]);
    expect(config).toMatchObject({ organization: 'Press Office', lang: 'en', paper: 'a4', author: 'Press Office' });
  });

  it('reads the organization, language and paper', async () => {
    const { config } = await configIn('organization: Ministry\nlang: ja\npaper: letter\n').loaded;
    expect(config).toMatchObject({ organization: 'Ministry', lang: 'ja', paper: 'letter', author: 'Ministry' });
  });

  it('reports an invalid paper size at its line', async () => {
    const { dir, loaded } = configIn('organization: M\npaper: a5\n');
    const { file } = await loaded;
    expect(formatMessages([file], dir)[0]).toMatch(/^site\.yml:2:8: error: Invalid `paper` in site config/);
  });

  it('warns about a misspelt key', async () => {
    const { dir, loaded } = configIn('organisation: M\n');
    const { file } = await loaded;
    expect(formatMessages([file], dir)).toEqual([
      'site.yml:1:1: warning: Unknown key `organisation` in site config; did you mean `organization`? [site-config-unknown-key]',
    ]);
  });
});
