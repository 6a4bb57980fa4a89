import { describe, expect, it } from 'vitest';
import { checkNik, maskNik, parseNik } from '~/domain/accounts/nik';

describe('the NIK rule', () => {
  it('reads region, birth date and sex of a man', () => {
    const parsed = parseNik('3375011708850001');
    expect(parsed).toEqual({
      ok: true,
      value: { provinceCode: '33', regencyCode: '75', districtCode: '01', sex: 'M', birthDay: 17, birthMonth: 8, birthYear2: 85, serial: '0001' },
    });
  });

  it('reads a woman from the day plus 40', () => {
    const parsed = parseNik('3375025703920012');
    expect(parsed.ok && parsed.value).toMatchObject({ sex: 'F', birthDay: 17, birthMonth: 3, birthYear2: 92 });
  });

  it('refuses anything but 16 digits', () => {
    expect(parseNik('337501170885000')).toEqual({ ok: false, problem: 'format' });
    expect(parseNik('33750117088500011')).toEqual({ ok: false, problem: 'format' });
    expect(parseNik('33750117O8850001')).toEqual({ ok: false, problem: 'format' });
    expect(parseNik(' 3375011708850001')).toEqual({ ok: false, problem: 'format' });
  });

  it('refuses all zeros and a zero serial', () => {
    expect(parseNik('0000000000000000')).toEqual({ ok: false, problem: 'zeros' });
    expect(parseNik('3375011708850000')).toEqual({ ok: false, problem: 'zeros' });
  });

  it('refuses a province code that does not exist, and a zero regency or district', () => {
    expect(parseNik('1075011708850001')).toEqual({ ok: false, problem: 'region' });
    expect(parseNik('2275011708850001')).toEqual({ ok: false, problem: 'region' });
    expect(parseNik('9775011708850001')).toEqual({ ok: false, problem: 'region' });
    expect(parseNik('3300011708850001')).toEqual({ ok: false, problem: 'region' });
    expect(parseNik('3375001708850001')).toEqual({ ok: false, problem: 'region' });
    for (const province of ['11', '21', '31', '36', '51', '65', '76', '82', '91', '94']) {
      expect(parseNik(`${province}75011708850001`).ok, province).toBe(true);
    }
  });

  it('refuses a birth date part that is not a real date', () => {
    expect(parseNik('3375013208850001')).toEqual({ ok: false, problem: 'birthDate' }); // day 32
    expect(parseNik('3375014008850001')).toEqual({ ok: false, problem: 'birthDate' }); // day 40 = woman's day 0
    expect(parseNik('3375017208850001')).toEqual({ ok: false, problem: 'birthDate' }); // woman's day 32
    expect(parseNik('3375011713850001')).toEqual({ ok: false, problem: 'birthDate' }); // month 13
    expect(parseNik('3375010000850001')).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseNik('3375013102850001')).toEqual({ ok: false, problem: 'birthDate' }); // 31 February
    expect(parseNik('3375012902850001')).toEqual({ ok: false, problem: 'birthDate' }); // 1985 is no leap year
    expect(parseNik('3375012902840001').ok).toBe(true); // 1984 is
    expect(parseNik('3375016902000001').ok).toBe(true); // 29 February 2000, a woman
  });

  it('matches the birth date the person gives, day, month and two-digit year', () => {
    expect(checkNik('3375011708850001', '1985-08-17')).toEqual({ ok: true, sex: 'M' });
    expect(checkNik('3375025703920012', '1992-03-17')).toEqual({ ok: true, sex: 'F' });
    expect(checkNik('3375011708850001', '1985-08-18')).toEqual({ ok: false, problem: 'birthDateMismatch' });
    expect(checkNik('3375011708850001', '1985-09-17')).toEqual({ ok: false, problem: 'birthDateMismatch' });
    expect(checkNik('3375011708850001', '1986-08-17')).toEqual({ ok: false, problem: 'birthDateMismatch' });
    expect(checkNik('3375011708850001', '17-08-1985')).toEqual({ ok: false, problem: 'birthDateMismatch' });
    expect(checkNik('3375011708050001', '2005-08-17')).toEqual({ ok: true, sex: 'M' });
    expect(checkNik('0000000000000000', '1985-08-17')).toEqual({ ok: false, problem: 'zeros' });
  });

  it('masks all but the region and the serial', () => {
    expect(maskNik('3375011708850002')).toBe('3375********0002');
    expect(maskNik('123')).toBe('***');
  });
});
