import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { exportCooperativeRoster } from '~/domain/cooperatives/export.server';
import { dateInZone } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { throwAsResponse } from '~/lib/route-errors.server';
import { fileResponse } from '~/lib/download.server';

/** One cooperative's roster as CSV or XLSX (NIKs masked for anyone but the coordinator). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  try {
    const file = await exportCooperativeRoster(db(), actor, {
      cooperativeId: params.cooperativeId ?? '',
      today: dateInZone(new Date(), 'Asia/Jakarta'),
      format,
    });
    return fileResponse(file);
  } catch (error) {
    throwAsResponse(error);
  }
}
