import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { endSession } from '~/lib/auth.server';

export async function action({ request }: ActionFunctionArgs) {
  return endSession(request, '/');
}

export function loader() {
  return redirect('/');
}
