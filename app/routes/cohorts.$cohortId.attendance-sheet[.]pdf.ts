import type { LoaderFunctionArgs } from '@remix-run/node';
import { cohortAttendanceSheet } from '~/domain/attendance/sheet-pdf.server';
import { requireActor } from '~/lib/auth.server';
import { fileResponse } from '~/lib/download.server';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET /cohorts/:cohortId/attendance-sheet.pdf — the cohort's attendance sheet, a signature box per training day. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const sheet = await cohortAttendanceSheet(context.db, actor, params.cohortId ?? '', locale);
  return fileResponse({ fileName: sheet.fileName, contentType: 'application/pdf', body: sheet.bytes });
});
