import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportAttendanceMatrix, MATRIX_SORTS } from '~/domain/attendance/matrix.server';
import { fileResponse } from '~/lib/download.server';
import { isLocale } from '~/lib/i18n';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { withDomainErrors } from '~/lib/route-errors';

/** The cohort's attendance matrix as CSV or XLSX (every participant, in the page's order). */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const requested = await i18nServer.getLocale(request);
  const url = new URL(request.url);
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const { sort, dir } = parseListParams(url.searchParams, { sortKeys: MATRIX_SORTS, defaultSort: 'name' });
  return fileResponse(
    await exportAttendanceMatrix(context.db, actor, { cohortId: params.cohortId ?? '', format, sort, dir, locale: isLocale(requested) ? requested : 'id' }),
  );
});
