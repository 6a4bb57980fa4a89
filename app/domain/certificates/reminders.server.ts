import type { Kysely } from 'kysely';
import type { Database, TimeZone } from '~db/schema';
import { mailRecipients } from '~/domain/cohorts/mail.server';
import { enqueueMail } from '~/domain/mail/outbox.server';
import { config } from '~/lib/config.server';
import { addDays, formatDate, todayIn } from '~/lib/dates';
import { verifyUrlOf } from './render.server';
import type { CertificateSnapshot } from './snapshot';

/** How far ahead an expiring certificate is flagged and reminded of. */
export const EXPIRY_WARNING_DAYS = 90;

/**
 * One reminder per valid certificate that expires within 90 days: to its holder and to
 * the administrators of its cooperative, through the outbox. Safe with several app
 * instances on one database: each batch claims certificates with `for update skip locked`
 * and sets `reminded_at` in the same transaction as the queued mails, so a certificate is
 * reminded of once (a rollback leaves it for the next run). Returns how many were reminded.
 */
export async function sendExpiryReminders(db: Kysely<Database>, now = new Date(), batchSize = 50): Promise<number> {
  const today = todayIn('Asia/Jakarta', now);
  const until = addDays(today, EXPIRY_WARNING_DAYS);
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('certificates as x')
        .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
        .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
        .select(['x.id', 'x.person_id', 'x.cooperative_id', 'x.number', 'x.verification_code', 'x.valid_until', 'x.snapshot', 'c.dinas_id'])
        .where('x.status', '=', 'valid')
        .where('x.reminded_at', 'is', null)
        .where('x.valid_until', '>=', today)
        .where('x.valid_until', '<=', until)
        .orderBy('x.valid_until')
        .orderBy('x.id')
        .limit(batchSize)
        .forUpdate('x')
        .skipLocked()
        .execute();
      for (const cert of due) {
        const snapshot = cert.snapshot as unknown as CertificateSnapshot;
        const zone: TimeZone = snapshot.timeZone;
        const holder = (await mailRecipients(trx, [cert.person_id]))[0];
        const admins = cert.cooperative_id
          ? await trx
              .selectFrom('user_roles as r')
              .innerJoin('users as u', 'u.id', 'r.user_id')
              .select(['u.email', 'u.display_name as name', 'u.locale'])
              .where('r.role', '=', 'cooperative_admin')
              .where('r.cooperative_id', '=', cert.cooperative_id)
              .where('u.is_active', '=', true)
              .execute()
          : [];
        const recipients = new Map<string, { name: string | null; locale: 'id' | 'en' }>();
        if (holder?.email) recipients.set(holder.email.trim().toLowerCase(), { name: holder.name, locale: holder.locale });
        for (const a of admins) if (!recipients.has(a.email.trim().toLowerCase())) recipients.set(a.email.trim().toLowerCase(), { name: a.name, locale: a.locale });
        for (const [to, who] of recipients) {
          await enqueueMail(trx, {
            to,
            toName: who.name,
            template: 'certificate-expiring',
            locale: who.locale,
            dinasId: cert.dinas_id,
            data: {
              holderName: snapshot.holder.name,
              cooperativeName: snapshot.cooperative?.name ?? null,
              programTitle: snapshot.program.title,
              number: cert.number,
              validUntil: formatDate(String(cert.valid_until), zone, who.locale),
              verifyUrl: verifyUrlOf(config().PUBLIC_URL, cert.verification_code),
            },
          });
        }
        await trx.updateTable('certificates').set({ reminded_at: now }).where('id', '=', cert.id).execute();
      }
      return due.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}
