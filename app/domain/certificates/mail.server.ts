import type { Transaction } from 'kysely';
import type { CertificateKind, Database } from '~db/schema';
import { mailRecipients } from '~/domain/cohorts/mail.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { config } from '~/lib/config.server';
import { formatDate } from '~/lib/dates';
import { certificateFileName } from './attachment.server';
import { groupCode } from './codes';
import { verifyUrlOf } from './render.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * The holder hears of a new certificate: its number, dates, verification link and the
 * PDF attached (a reference the mail worker renders when it sends). Queued in the
 * certificate's own transaction; a holder without an e-mail address (their account's,
 * else their record's) is not written to.
 */
const KIND_NAMES: Record<'id' | 'en', Record<CertificateKind, { title: string; name: string }>> = {
  id: {
    training: { title: 'Sertifikat pelatihan', name: 'Sertifikat pelatihan' },
    competency: { title: 'Sertifikat kompetensi', name: 'Sertifikat kompetensi' },
  },
  en: {
    training: { title: 'Training certificate', name: 'training certificate' },
    competency: { title: 'Certificate of competency', name: 'certificate of competency' },
  },
};

export async function mailCertificateIssued(
  trx: Transaction<Database>,
  input: { certificateId: string; personId: string; dinasId: string; snapshot: CertificateSnapshot },
): Promise<boolean> {
  const [to] = await mailRecipients(trx, [input.personId]);
  if (!to?.email) return false;
  const { snapshot } = input;
  const kind = KIND_NAMES[to.locale][snapshot.kind];
  await enqueueMail(trx, {
    to: to.email,
    toName: to.name,
    template: 'certificate-issued',
    locale: to.locale,
    dinasId: input.dinasId,
    data: {
      kindTitle: kind.title,
      kindName: kind.name,
      programTitle: snapshot.program.title,
      cohortName: snapshot.cohort.name,
      number: snapshot.number,
      code: groupCode(snapshot.verificationCode),
      issuedOn: formatDate(snapshot.issuedOn, snapshot.timeZone, to.locale),
      validUntil: snapshot.validUntil ? formatDate(snapshot.validUntil, snapshot.timeZone, to.locale) : null,
      verifyUrl: verifyUrlOf(config().PUBLIC_URL, snapshot.verificationCode),
    },
    attachments: [{ filename: certificateFileName(snapshot.number), contentType: 'application/pdf', ref: { kind: 'certificate-pdf', certificateId: input.certificateId } }],
  });
  return true;
}
