import type { Transaction } from 'kysely';
import type { CertificateKind, Database } from '~db/schema';
import { mailRecipients } from '~/domain/cohorts/mail.server';
import { enqueueMails, type OutgoingMail } from '~/domain/mail/outbox.server';
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

export interface IssuedCertificateMail {
  certificateId: string;
  personId: string;
  dinasId: string;
  snapshot: CertificateSnapshot;
}

export async function mailCertificateIssued(trx: Transaction<Database>, input: IssuedCertificateMail): Promise<boolean> {
  return (await mailCertificatesIssued(trx, [input])) === 1;
}

/** The same for several certificates at once (a batch of a cohort's): recipients read once, one insert. Returns how many were queued. */
export async function mailCertificatesIssued(trx: Transaction<Database>, inputs: readonly IssuedCertificateMail[]): Promise<number> {
  const recipients = new Map((await mailRecipients(trx, [...new Set(inputs.map((i) => i.personId))])).map((r) => [r.personId, r]));
  const mails: OutgoingMail[] = [];
  for (const input of inputs) {
    const to = recipients.get(input.personId);
    if (!to?.email) continue;
    const { snapshot } = input;
    const kind = KIND_NAMES[to.locale][snapshot.kind];
    mails.push({
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
  }
  await enqueueMails(trx, mails);
  return mails.length;
}
