import { sql } from 'kysely';
import { databaseHandle } from '~/lib/db.server';

/** For load balancers and monitors: 200 when the database answers, 503 otherwise. */
export async function loader() {
  const handle = databaseHandle();
  try {
    await sql`select 1`.execute(handle.db);
    return Response.json({ status: 'ok', database: handle.kind }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error('[healthz] database check failed', error);
    return Response.json({ status: 'error', database: handle.kind }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
