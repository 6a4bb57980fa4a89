import type { LoaderFunctionArgs } from '@remix-run/node';
import { cohortSummaryPdf } from '~/domain/dashboard/cohort-summary-pdf.server';
import { requireActor } from '~/lib/auth.server';
import { fileResponse } from '~/lib/download.server';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET /cohorts/:cohortId/summary.pdf — the one-page summary of a cohort for the Dinas's report. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const summary = await cohortSummaryPdf(context.db, actor, params.cohortId ?? '', locale);
  return fileResponse({ fileName: summary.fileName, contentType: 'application/pdf', body: summary.bytes });
});
