import { describe, expect, it } from 'vitest';
import { resources } from '~/locales/index';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('English has exactly the keys of Indonesian, in every namespace', () => {
    expect(Object.keys(resources.en).sort()).toEqual(Object.keys(resources.id).sort());
    for (const ns of Object.keys(resources.id) as (keyof typeof resources.id)[]) {
      expect(keysOf(resources.en[ns]).sort(), ns).toEqual(keysOf(resources.id[ns]).sort());
    }
  });

  it('no translation is empty', () => {
    for (const lang of ['id', 'en'] as const) {
      for (const [ns, tree] of Object.entries(resources[lang])) {
        const walk = (v: unknown, key: string): void => {
          if (typeof v === 'string') expect(v.trim(), `${lang}:${ns}:${key}`).not.toBe('');
          else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, `${key}.${k}`);
        };
        walk(tree, '');
      }
    }
  });
});
