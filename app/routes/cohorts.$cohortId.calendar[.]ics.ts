import type { LoaderFunctionArgs } from '@remix-run/node';
import { getActor } from '~/lib/auth.server';
import { cohortCalendarFile } from '~/domain/cohorts/calendar.server';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET /cohorts/:id/calendar.ics — every session of the cohort, in its time zone. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const file = await cohortCalendarFile(context.db, actor, params.cohortId ?? '', locale);
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, max-age=60',
    },
  });
});
