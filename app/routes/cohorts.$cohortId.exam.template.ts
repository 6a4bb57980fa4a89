import type { LoaderFunctionArgs } from '@remix-run/node';
import { examUploadTemplate } from '~/domain/assessment/upload.server';
import { requireActor } from '~/lib/auth.server';
import { fileResponse } from '~/lib/download.server';
import { isLocale } from '~/lib/i18n';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** The exam results template (XLSX, or CSV with ?format=csv): the cohort's participants × units, filled with what is stored. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const requested = await i18nServer.getLocale(request);
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  return fileResponse(await examUploadTemplate(context.db, actor, { cohortId: params.cohortId ?? '', format, locale: isLocale(requested) ? requested : 'id' }));
});
