import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportDashboardTable } from '~/domain/dashboard/export.server';
import { isDashboardTable } from '~/domain/dashboard/tables';
import { fileResponse } from '~/lib/download.server';
import { NotFoundError } from '~/lib/errors';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET /dashboard/export/<table>.csv|.xlsx?period=… — one dashboard table for the period in the URL. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const match = /^([a-z]+)\.(csv|xlsx)$/.exec(params.file ?? '');
  if (!match || !isDashboardTable(match[1]!)) throw new NotFoundError('common:error.notFoundBody');
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const file = await exportDashboardTable(context.db, actor, {
    table: match[1],
    format: match[2] === 'csv' ? 'csv' : 'xlsx',
    params: new URL(request.url).searchParams,
    locale,
  });
  return fileResponse(file);
});
