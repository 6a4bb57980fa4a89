import { createCookieSessionStorage, redirect } from '@remix-run/node';
import { z } from 'zod';
import { config } from './config.server';

/** A one-time message shown after a redirect (Epic Stack's toast, as a flash cookie). */
const ToastSchema = z.object({
  kind: z.enum(['success', 'error', 'info']).default('success'),
  /** An i18n key (namespace:key) */
  message: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Toast = z.infer<typeof ToastSchema>;
export type ToastInput = z.input<typeof ToastSchema>;

const toastKey = 'toast';

function storage() {
  return createCookieSessionStorage({
    cookie: {
      name: 'kompeten_toast',
      sameSite: 'lax',
      path: '/',
      httpOnly: true,
      secrets: [config().SESSION_SECRET],
      secure: config().NODE_ENV === 'production',
    },
  });
}

export async function createToastHeaders(toast: ToastInput): Promise<Headers> {
  const session = await storage().getSession();
  session.flash(toastKey, ToastSchema.parse(toast));
  return new Headers({ 'Set-Cookie': await storage().commitSession(session) });
}

export async function redirectWithToast(url: string, toast: ToastInput, init?: ResponseInit) {
  return redirect(url, {
    ...init,
    headers: combineHeaders(init?.headers, await createToastHeaders(toast)),
  });
}

export async function getToast(request: Request): Promise<{ toast: Toast | null; headers: Headers | null }> {
  const session = await storage().getSession(request.headers.get('Cookie'));
  const parsed = ToastSchema.safeParse(session.get(toastKey));
  if (!parsed.success) return { toast: null, headers: null };
  return {
    toast: parsed.data,
    headers: new Headers({ 'Set-Cookie': await storage().destroySession(session) }),
  };
}

export function combineHeaders(...all: Array<HeadersInit | null | undefined>): Headers {
  const combined = new Headers();
  for (const headers of all) {
    if (!headers) continue;
    for (const [key, value] of new Headers(headers).entries()) combined.append(key, value);
  }
  return combined;
}
