// npm run dev's pages shown before they are written (scripts/dev/preview-pages.ts):
// served from memory until the build writes the pair, and a PDF asked for
// meanwhile waits for the new one.
import { describe, expect, it } from 'vitest';
import { PreviewPages } from '../../scripts/dev/preview-pages.ts';

const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('PreviewPages', () => {
  it('serves a rendered page until the build writes it, and says which were written', () => {
    const previews = new PreviewPages();
    previews.rendered('a.html', '<p>new a</p>');
    previews.rendered('b.html', '<p>new b</p>');
    expect(previews.page('a.html')).toBe('<p>new a</p>');
    expect(previews.printing()).toEqual(['a.html', 'b.html']);
    previews.wrote(['a.html', 'a.pdf']);
    expect(previews.page('a.html')).toBeUndefined();
    expect(previews.printing()).toEqual(['b.html']);
    expect(previews.settle()).toEqual({ written: ['a.html'], unwritten: ['b.html'] });
    expect(previews.page('b.html')).toBeUndefined();
    expect(previews.settle()).toEqual({ written: [], unwritten: [] });
  });

  it('holds a PDF asked for while its page is shown, until the pair is written', async () => {
    const previews = new PreviewPages();
    expect(await settled(previews.fileReady('a.pdf'))).toBe(true);
    previews.rendered('a.html', '<p>new</p>');
    previews.rendered('b.html', '<p>new</p>');
    const a = previews.fileReady('a.pdf');
    const other = previews.fileReady('c.pdf');
    expect(await settled(a)).toBe(false);
    previews.wrote(['a.html', 'a.pdf']);
    expect(await settled(a)).toBe(true);
    expect(await settled(other)).toBe(false);
    previews.settle();
    expect(await settled(other)).toBe(true);
  });
});
