import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportRegistry, exportRosters } from '~/domain/cooperatives/export.server';
import { parseRegistryFilters } from '~/domain/cooperatives/filters';
import { REGISTRY_SORT_KEYS } from '~/domain/cooperatives/registry.server';
import { config } from '~/lib/config.server';
import { fileResponse } from '~/lib/download.server';
import { parseListParams } from '~/lib/list-params';
import { withDomainErrors } from '~/lib/route-errors';

/** The registry, or the rosters of its cooperatives, as CSV or XLSX with the list's current filters and order. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const filters = parseRegistryFilters(url.searchParams);
  if (url.searchParams.get('what') === 'roster') {
    return fileResponse(await exportRosters(context.db, actor, { filters, format }));
  }
  const { sort, dir } = parseListParams(url.searchParams, { sortKeys: REGISTRY_SORT_KEYS, defaultSort: 'name' });
  return fileResponse(await exportRegistry(context.db, actor, { filters, sort: { sort, dir }, format, publicUrl: config().PUBLIC_URL }));
});
