import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportProvinceView } from '~/domain/dashboard/province-export.server';
import { fileResponse } from '~/lib/download.server';
import { NotFoundError } from '~/lib/errors';
import { i18nServer } from '~/lib/i18n.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET /platform/dashboard/export/dinas.csv|.xlsx?period=…&sort=… — every Dinas's figures (platform operator only). */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const match = /^dinas\.(csv|xlsx)$/.exec(params.file ?? '');
  if (!match) throw new NotFoundError('common:error.notFoundBody');
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const file = await exportProvinceView(context.db, actor, {
    format: match[1] === 'csv' ? 'csv' : 'xlsx',
    params: new URL(request.url).searchParams,
    locale,
  });
  return fileResponse(file);
});
