import { describe, expect, it } from 'vitest';
import { aheadOfArchive } from '~/domain/certificates/bulk.server';

describe('a cohort ZIP draws its PDFs a few ahead of the archive', () => {
  it('starts each item once, the asked one with the next window − 1, and hands each over', async () => {
    const started: number[] = [];
    const next = aheadOfArchive(10, 4, async (index) => {
      started.push(index);
      return `pdf ${index}`;
    });
    expect(await next(0)).toBe('pdf 0');
    expect(started).toEqual([0, 1, 2, 3]);
    expect(await next(1)).toBe('pdf 1');
    expect(started).toEqual([0, 1, 2, 3, 4]);
    for (let i = 2; i < 10; i++) expect(await next(i)).toBe(`pdf ${i}`);
    // Never past the end, never twice.
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('with a window of one, draws only the item asked for', async () => {
    const started: number[] = [];
    const next = aheadOfArchive(3, 1, async (index) => started.push(index));
    await next(0);
    expect(started).toEqual([0]);
    await next(1);
    expect(started).toEqual([0, 1]);
  });

  it('gives the asked item its failure; one started ahead and never asked for (a download stopped) fails quietly', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const next = aheadOfArchive(5, 3, async (index) => {
        if (index > 0) throw new Error(`broken ${index}`);
        return index;
      });
      expect(await next(0)).toBe(0);
      // 1 and 2 were started and failed; the download stops here.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      await expect(next(1)).rejects.toThrow('broken 1');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
