import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { TestApp } from './app';
import { createUser } from './accounts-fixtures';

/** Helpers for the organization settings and partners tests: images, multipart posts, a second Dinas's people. */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bytes that start like a PNG (all the server checks), `size` long. */
export function pngBytes(size = 2048): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE);
  for (let i = PNG_SIGNATURE.length; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

export function jpegBytes(size = 2048): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

/** Posts a multipart form as a browser does, with files in the named fields. */
export function postMultipart(
  app: TestApp,
  pathname: string,
  fields: Record<string, string>,
  files: Record<string, { bytes: Uint8Array; name: string; type: string }>,
  cookie?: string,
) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  for (const [key, file] of Object.entries(files)) body.append(key, new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return app.request(pathname, { method: 'POST', body, cookie, redirect: 'manual' });
}

/** An organization of the given kind with its admin (institute_admin or certification_admin). */
export async function organizationWithAdmin(db: Kysely<Database>, kind: 'training_institute' | 'certification_body', name: string, email: string) {
  const org = await db.insertInto('institutions').values({ kind, name }).returning('id').executeTakeFirstOrThrow();
  const userId = await createUser(db, { email, roles: [{ role: kind === 'training_institute' ? 'institute_admin' : 'certification_admin', institutionId: org.id }] });
  return { id: org.id, userId };
}

/** The toast a redirect set, as a cookie to send with the next request. */
export function toastCookie(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
