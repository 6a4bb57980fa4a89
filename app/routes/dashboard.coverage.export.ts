import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportCoverage } from '~/domain/dashboard/coverage.server';
import { fileResponse } from '~/lib/download.server';
import { withDomainErrors } from '~/lib/route-errors';

/** The coverage tables (total, by type, by kecamatan; with RAT) as CSV or XLSX. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  return fileResponse(await exportCoverage(context.db, actor, format));
});
