import type { LoaderFunctionArgs } from '@remix-run/node';
import { sessionAttendanceSheet } from '~/domain/attendance/sheet-pdf.server';
import { requireActor } from '~/lib/auth.server';
import { fileResponse } from '~/lib/download.server';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET /cohorts/:cohortId/sessions/:sessionId/sheet.pdf — the session's attendance sheet to print and sign. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const sheet = await sessionAttendanceSheet(context.db, actor, params.cohortId ?? '', params.sessionId ?? '', locale);
  return fileResponse({ fileName: sheet.fileName, contentType: 'application/pdf', body: sheet.bytes });
});
