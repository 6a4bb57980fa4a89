import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl } from '~/domain/certificates/linkedin';

describe("LinkedIn's add-to-profile link", () => {
  const cert = {
    name: 'Sertifikat Kompetensi: Kepala Bagian Pembiayaan KSP & KSPPS',
    organizationName: 'LSP Koperasi Jasa Keuangan Nusantara',
    issuedOn: '2026-11-20',
    validUntil: '2029-11-20',
    certUrl: 'https://kompeten.example.go.id/verify/7K3MQ9XD2FTBHW4N',
    certId: 'KABAG-PMB/KOM/2026/0007',
  };

  it('fills the documented parameters, every value URL-encoded, months without a leading zero', () => {
    const url = linkedInAddToProfileUrl(cert);
    expect(url.startsWith('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&')).toBe(true);
    expect(url).not.toMatch(/[ +]/);
    expect(url).toContain('name=Sertifikat%20Kompetensi%3A%20Kepala%20Bagian%20Pembiayaan%20KSP%20%26%20KSPPS');
    expect(url).toContain('certUrl=https%3A%2F%2Fkompeten.example.go.id%2Fverify%2F7K3MQ9XD2FTBHW4N');
    expect(url).toContain('certId=KABAG-PMB%2FKOM%2F2026%2F0007');
    const params = new URL(url).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: cert.name,
      organizationName: cert.organizationName,
      issueYear: '2026',
      issueMonth: '11',
      expirationYear: '2029',
      expirationMonth: '11',
      certUrl: cert.certUrl,
      certId: cert.certId,
    });
    expect(linkedInAddToProfileUrl({ ...cert, issuedOn: '2027-03-01', validUntil: '2028-01-31' })).toContain('issueYear=2027&issueMonth=3&expirationYear=2028&expirationMonth=1&');
  });

  it('leaves the expiry out for a certificate that does not expire', () => {
    const params = new URL(linkedInAddToProfileUrl({ ...cert, validUntil: null })).searchParams;
    expect(params.has('expirationYear')).toBe(false);
    expect(params.has('expirationMonth')).toBe(false);
    expect(params.get('certId')).toBe(cert.certId);
  });
});
