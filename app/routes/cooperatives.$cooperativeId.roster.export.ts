import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportCooperativeRoster } from '~/domain/cooperatives/export.server';
import { fileResponse } from '~/lib/download.server';
import { withDomainErrors } from '~/lib/route-errors';

/** One cooperative's roster as CSV or XLSX (NIKs masked for anyone but the coordinator). */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  return fileResponse(await exportCooperativeRoster(context.db, actor, { cooperativeId: params.cooperativeId ?? '', format }));
});
