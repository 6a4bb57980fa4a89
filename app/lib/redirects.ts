/**
 * Only paths on this site: never an open redirect. Browsers drop tabs and newlines from
 * URLs and read `\` as `/`, so `/\tevil.example` or `/\\evil.example` would leave the
 * site; any control character or backslash is refused outright, and what is left must
 * resolve to this origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > 2048) return fallback;
  // eslint-disable-next-line no-control-regex
  if (!to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  if (to.startsWith('//')) return fallback;
  const base = 'http://kompeten.invalid';
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
