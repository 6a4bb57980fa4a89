import i18next from 'i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18nOptions } from '~/lib/i18n';
import { memoizeTranslations } from '~/lib/i18n-memo.server';

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
    expect(fixedKept('participants.selectPerson', { name: 'Ani' })).toBe(fixedPlain('participants.selectPerson', { name: 'Ani' }));
    expect(fixedKept('participants.selectPerson', { name: 'Ani' })).toBe('Select Ani');
    expect(kept.t('attendance:rollCall.saved', { count: 1 })).toBe('Roll call saved: 1 mark changed.');
    expect(kept.t('attendance:rollCall.saved', { count: 3 })).toBe('Roll call saved: 3 marks changed.');
  });

  it('keeps a text once made, and asks i18next each time for options it cannot key on', () => {
    const first = kept.t('cohorts:participants.title');
    kept.addResource('en', 'cohorts', 'participants.title', 'Changed');
    // Kept: resources do not change on the server, so the text is not made again.
    expect(kept.t('cohorts:participants.title')).toBe(first);
    // An object among the options (a formatter's input, returnObjects) goes to i18next every time.
    expect(kept.t('cohorts:participants.title', { returnObjects: true })).toBe('Changed');
    expect(kept.t('cohorts:participants.title', { when: { at: 1 } })).toBe('Changed');
  });
});
