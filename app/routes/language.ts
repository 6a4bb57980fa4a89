import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { safeRedirect } from '~/lib/auth.server';
import { isLocale } from '~/lib/i18n';
import { localeCookie } from '~/lib/i18n.server';

/** The language switch: a plain form post, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get('lng');
  const to = safeRedirect(form.get('redirectTo'));
  if (!isLocale(lng)) return redirect(to);
  return redirect(to, { headers: { 'Set-Cookie': await localeCookie.serialize(lng) } });
}

export function loader() {
  return redirect('/');
}
