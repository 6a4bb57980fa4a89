/**
 * A public page that works whole without JavaScript (verification, public roster, sign-in)
 * says `handle = { hydrate: false }`: it is sent without Remix's scripts, so a phone on
 * mobile data loads no JavaScript at all there (React and Remix alone are ≈ 100 KB gzipped).
 * The document's shell (root.tsx) leaves `<Scripts/>` out and the server's entry does not
 * encode the loader data for the browser; both ask this of the matched routes' handles.
 */
export function sendsScripts(handles: Iterable<unknown>): boolean {
  for (const handle of handles) if ((handle as { hydrate?: unknown } | undefined)?.hydrate === false) return false;
  return true;
}
