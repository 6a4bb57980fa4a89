import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, type Actor } from '~/lib/permissions';
import { calendarAttachment, cohortMailFacts } from './mail.server';

/**
 * The "add to calendar" file of a cohort: anyone may have it for a published cohort (its
 * sessions are on the public page); drafts only for the people who run the cohort.
 */
export async function cohortCalendarFile(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  locale: 'id' | 'en',
): Promise<{ filename: string; content: Buffer }> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db
    .selectFrom('cohorts')
    .select(['status', 'dinas_id as dinasId', 'training_institute_id as trainingInstituteId', 'certification_body_id as certificationBodyId'])
    .where('id', '=', cohortId)
    .executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  const published = cohort.status !== 'draft' && cohort.status !== 'cancelled';
  if (!published && !can(actor, 'cohort:read', cohort)) throw new NotFoundError('common:error.notFoundBody');
  const attachment = calendarAttachment(await cohortMailFacts(db, cohortId), locale);
  if (!('contentBase64' in attachment)) throw new Error('A calendar file is always inline.');
  return { filename: attachment.filename, content: Buffer.from(attachment.contentBase64, 'base64') };
}
