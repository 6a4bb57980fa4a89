import i18next from 'i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18nOptions } from '~/lib/i18n';
import { memoKeyOf, memoizeTranslations } from '~/lib/i18n-memo';

async function instance(lng: 'id' | 'en') {
  const made = i18next.createInstance();
  await made.init({ ...i18nOptions, lng });
  return made;
}

describe('memoizeTranslations', () => {
  let plain: Awaited<ReturnType<typeof instance>>;
  let kept: Awaited<ReturnType<typeof instance>>;
  beforeEach(async () => {
    plain = await instance('en');
    kept = memoizeTranslations(await instance('en'));
  });

  it('gives the same text as i18next for plain keys, interpolation, plural forms and fixed namespaces', () => {
    const calls: [string, Record<string, unknown>?][] = [
      ['cohorts:participants.title'],
      ['cohorts:participants.selectPerson', { name: 'Siti Rahayu' }],
      ['cohorts:participants.selectPerson', { name: 'Budi' }],
      ['attendance:rollCall.saved', { count: 1 }],
      ['attendance:rollCall.saved', { count: 3 }],
      ['cohorts:no.such.key'],
    ];
    for (const [key, options] of calls) {
      expect(kept.t(key, options)).toBe(plain.t(key, options));
      expect(kept.t(key, options)).toBe(plain.t(key, options));
    }
    const fixedPlain = plain.getFixedT('en', 'cohorts');
    const fixedKept = kept.getFixedT('en', 'cohorts');
    // One kept function per language and namespace (react-i18next asks on every render).
    expect(kept.getFixedT('en', 'cohorts')).toBe(fixedKept);
    expect(kept.getFixedT('en', 'eligibility')).not.toBe(fixedKept);
    expect(kept.getFixedT(null, 'eligibility')('summary.matrix')).toBe(plain.getFixedT(null, 'eligibility')('summary.matrix'));
    expect(kept.getFixedT('en', 'cohorts', 'participants')('title')).toBe(plain.t('cohorts:participants.title'));
    expect(kept.getFixedT('en', ['cohorts', 'common'])('participants.title')).toBe(plain.t('cohorts:participants.title'));
    expect(fixedKept('participants.selectPerson', { name: 'Ani' })).toBe(fixedPlain('participants.selectPerson', { name: 'Ani' }));
    expect(fixedKept('participants.selectPerson', { name: 'Ani' })).toBe('Select Ani');
    expect(kept.t('attendance:rollCall.saved', { count: 1 })).toBe('Roll call saved: 1 mark changed.');
    expect(kept.t('attendance:rollCall.saved', { count: 3 })).toBe('Roll call saved: 3 marks changed.');
  });

  it('keeps a text once made, and asks i18next each time for options it cannot key on', () => {
    const first = kept.t('cohorts:participants.title');
    expect(kept.getFixedT('en', 'cohorts')('participants.title')).toBe(first);
    kept.addResource('en', 'cohorts', 'participants.title', 'Changed');
    // Kept: resources do not change on the server, so the text is not made again.
    expect(kept.t('cohorts:participants.title')).toBe(first);
    // So does a fixed-namespace function.
    expect(kept.getFixedT('en', 'cohorts')('participants.title')).toBe(first);
    // An object among the options (a formatter's input, returnObjects) goes to i18next every time.
    expect(kept.t('cohorts:participants.title', { returnObjects: true })).toBe('Changed');
    expect(kept.t('cohorts:participants.title', { when: { at: 1 } })).toBe('Changed');
  });

  it('keys calls apart that differ in any option, its type or where a value ends', () => {
    const calls: [unknown, unknown][] = [
      ['a', undefined],
      ['a', {}],
      [['a'], undefined],
      ['a', { count: 1 }],
      ['a', { count: '1' }],
      ['a', { count: true }],
      ['a', { name: 'x|1:b=s1:y' }],
      ['a', { name: 'x', b: 'y' }],
      ['a', { ns: ['x', 'y'] }],
      ['a', { ns: ['x,y'] }],
      ['a', { name: null }],
      ['a', { name: 'null' }],
    ];
    const keys = calls.map(([key, options]) => memoKeyOf(key, options));
    // `{}` and no options ask i18next the same thing; every other pair differs.
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys.slice(1)).size).toBe(calls.length - 1);
    expect(memoKeyOf('a', { name: 'x', unset: undefined })).toBe(memoKeyOf('a', { name: 'x' }));
  });

  it('does not key calls whose text may depend on more than plain values', () => {
    expect(memoKeyOf('a', { returnObjects: true })).toBeNull();
    expect(memoKeyOf('a', { postProcess: 'x' })).toBeNull();
    expect(memoKeyOf('a', { when: new Date(0) })).toBeNull();
    expect(memoKeyOf('a', { format: () => 'x' })).toBeNull();
    expect(memoKeyOf('a', { ns: ['x', 1] })).toBeNull();
    expect(memoKeyOf('a', 'default text')).toBeNull();
    expect(memoKeyOf(42, undefined)).toBeNull();
  });
});
