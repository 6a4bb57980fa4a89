import type { ImageType } from '~db/schema';

/**
 * Images an organization stores (its logo, a signatory's signature): PNG or JPEG, known
 * by their first bytes rather than by the name or type the browser sent. Pure.
 */
export const LOGO_MAX_BYTES = 512 * 1024;
export const SIGNATURE_MAX_BYTES = 256 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, magic: number[]) => bytes.length > magic.length && magic.every((b, i) => bytes[i] === b);

/** 'image/png' or 'image/jpeg' by the file's signature; null for anything else. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  return null;
}

/** A file field's value as the browser and the server see it (conform leaves an empty one out). */
export function isFileLike(value: unknown): value is File {
  return typeof value === 'object' && value !== null && typeof (value as File).arrayBuffer === 'function' && typeof (value as File).size === 'number';
}
