import { describe, expect, it } from 'vitest';
import { navFor } from '~/components/navigation';
import { imageTypeOf } from '~/domain/organizations/images';
import { formatNip, looksLikeNip, storedNip } from '~/domain/organizations/nip';
import { letterheadLines, ProfileSchema } from '~/domain/organizations/schemas';

describe('organization images', () => {
  it('knows PNG and JPEG by their first bytes, whatever the name says', () => {
    expect(imageTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(imageTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg');
    expect(imageTypeOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(imageTypeOf(new TextEncoder().encode('GIF89a......'))).toBeNull();
    expect(imageTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
  });
});

describe('NIP', () => {
  it("accepts a civil servant's 18 digits, with the spaces people type, and flags other numbers without refusing them", () => {
    expect(looksLikeNip('19700101 199003 1 005')).toBe(true);
    expect(storedNip('19700101 199003 1 005')).toBe('197001011990031005');
    expect(looksLikeNip('197013011990031005')).toBe(false); // month 13
    expect(looksLikeNip('12345')).toBe(false);
    expect(storedNip(' MET.000.1234 ')).toBe('MET.000.1234');
  });

  it('prints an 18-digit NIP in its parts and any other number as stored', () => {
    expect(formatNip('197001011990031005')).toBe('19700101 199003 1 005');
    expect(formatNip('MET.000.1234')).toBe('MET.000.1234');
  });
});

describe('letterhead', () => {
  it('keeps up to four non-empty lines of 120 characters', () => {
    expect(letterheadLines('  PEMERINTAH KOTA \r\n\r\nJl. Sriwijaya 44\n')).toEqual(['PEMERINTAH KOTA', 'Jl. Sriwijaya 44']);
    expect(ProfileSchema.safeParse({ name: 'Dinas Uji', letterhead: 'a\nb\nc\nd\ne' }).success).toBe(false);
    expect(ProfileSchema.safeParse({ name: 'Dinas Uji', letterhead: 'x'.repeat(121) }).success).toBe(false);
    expect(ProfileSchema.parse({ name: 'Dinas Uji', letterhead: ' a \n\n b ' }).letterhead).toBe('a\nb');
  });
});

describe('navigation', () => {
  it('shows the profile to each kind of organization admin, and the partners to coordinators only', () => {
    const paths = (role: Parameters<typeof navFor>[0]) => navFor(role).map((i) => i.to);
    expect(paths(['coordinator'])).toEqual(expect.arrayContaining(['/organization', '/partners']));
    expect(paths(['institute_admin'])).toContain('/organization');
    expect(paths(['certification_admin'])).toContain('/organization');
    expect(paths(['institute_admin'])).not.toContain('/partners');
    expect(paths(['institute_staff'])).not.toContain('/organization');
    expect(paths(['participant'])).not.toContain('/organization');
  });
});
