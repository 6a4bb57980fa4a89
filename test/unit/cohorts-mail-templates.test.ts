import { describe, expect, it } from 'vitest';
import { renderMail } from '~/lib/mail-templates.server';

const TEMPLATES = [
  'enrollment-confirmed', 'enrollment-waitlisted', 'enrollment-pending', 'enrollment-promoted', 'enrollment-rejected',
  'enrollment-cancelled', 'enrollment-cancelled-by-coordinator', 'enrollment-review', 'cohort-changed', 'cohort-cancelled',
];

const data = {
  recipientName: 'Siti Rahmawati',
  programTitle: 'Pelatihan Kepala Bagian Pembiayaan KSP/KSPPS',
  cohortName: 'Angkatan II 2026',
  dates: '7–10 Desember 2026',
  venue: 'Hotel Dafam Pekalongan, Jl. Urip Sumoharjo',
  cohortUrl: 'http://localhost:3000/cohorts/abc',
  myCohortsUrl: 'http://localhost:3000/my/cohorts',
  participantsUrl: 'http://localhost:3000/cohorts/abc/participants?status=pending',
  sessions: [{ day: 'Senin, 7 Desember 2026', time: '08.00–16.00 WIB', title: 'Prinsip & kebijakan', kind: 'Pelatihan' }],
  reason: 'Hotel <tidak> tersedia',
  count: 3,
  datesChanged: true,
  venueChanged: true,
  dinasName: 'Dindagkop-UKM Kota Pekalongan',
};

describe('registration and cohort e-mails', () => {
  it.each(TEMPLATES.flatMap((t) => [[t, 'id'], [t, 'en']] as const))('%s renders in %s, with text escaped in HTML only', (template, locale) => {
    const mail = renderMail(template, locale, data);
    expect(mail.subject).toContain(template === 'enrollment-review' ? 'Angkatan II 2026' : 'Pelatihan Kepala Bagian Pembiayaan KSP/KSPPS');
    expect(mail.subject).not.toMatch(/&#x2F;|&amp;/);
    expect(mail.text).toContain('Siti Rahmawati');
    expect(mail.text).not.toMatch(/\{\{|\}\}/);
    expect(mail.html).not.toContain('<tidak>');
    if (['enrollment-rejected', 'enrollment-cancelled', 'enrollment-cancelled-by-coordinator', 'cohort-cancelled'].includes(template)) {
      expect(mail.text).toContain('Hotel <tidak> tersedia');
      expect(mail.html).toContain('Hotel &lt;tidak&gt; tersedia');
    }
  });

  it('a change names what changed', () => {
    expect(renderMail('cohort-changed', 'id', { ...data, venueChanged: false }).text).toMatch(/ikuti: jadwal\. /);
    expect(renderMail('cohort-changed', 'en', data).text).toContain('changed: schedule and venue.');
  });
});
