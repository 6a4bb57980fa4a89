import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { cooperativesAdministeredBy } from '~/lib/permissions';

/** The cooperative admin's menu item: straight to their own cooperative's roster. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const [cooperativeId] = cooperativesAdministeredBy(actor);
  if (!cooperativeId) throw new Response('Not found', { status: 404 });
  return redirect(`/cooperatives/${cooperativeId}/roster`);
}
