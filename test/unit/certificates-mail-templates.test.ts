import { describe, expect, it } from 'vitest';
import { renderMail } from '~/lib/mail-templates.server';

describe('the reissued-certificate e-mail', () => {
  it.each(['id', 'en'] as const)('renders in %s with the new number and links, escaped in HTML only', (locale) => {
    const mail = renderMail('certificate-reissued', locale, {
      recipientName: 'Siti <Rahmawati>',
      programTitle: 'Pelatihan Kepala Bagian Pembiayaan KSP/KSPPS',
      cohortName: 'Angkatan II 2026',
      oldNumber: 'KABAG-PMB/PEL/2026/0003',
      number: 'KABAG-PMB/PEL/2026/0011',
      verifyUrl: 'https://kompeten.example.go.id/verify/7K3MQ9XD2FTBHW4N',
      pdfUrl: 'https://kompeten.example.go.id/verify/7K3MQ9XD2FTBHW4N.pdf',
      dinasName: 'Dindagkop-UKM Kota Pekalongan',
    });
    expect(mail.subject).toContain('KABAG-PMB/PEL/2026/0011');
    expect(mail.subject).not.toMatch(/&#x2F;|&amp;/);
    // HTML escapes the slashes (&#x2F;), as every template's links do.
    for (const body of [mail.text, mail.html.replace(/&#x2F;/g, '/')]) {
      expect(body).toContain('https://kompeten.example.go.id/verify/7K3MQ9XD2FTBHW4N');
      expect(body).toContain('KABAG-PMB/PEL/2026/0003');
    }
    expect(mail.text).toContain('Siti <Rahmawati>');
    expect(mail.html).toContain('Siti &lt;Rahmawati&gt;');
    expect(mail.text).not.toMatch(/\{\{|\}\}/);
  });
});
