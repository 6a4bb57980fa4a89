import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { createInstance, type i18n } from 'i18next';
import { Writable } from 'node:stream';
// Node's stream renderer: it encodes its strings into shared 2 KB views, where the
// web-streams renderer allocates one encoded array per string (7–9% of a page's CPU in a
// profile) and its bytes were read back through a web stream. React 18.3's Node renderer
// flushed a whole view when a multi-byte character did not fit at its end, sending U+0000
// bytes inside the HTML (fixed in React 19); patches/react-dom+*.patch sends only the bytes
// written, as React 19 does (test/integration/html-bytes.test.ts).
import { renderToPipeableStream, renderToString } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { NonceProvider } from '~/components/nonce';
import { i18nOptions } from '~/lib/i18n';
import { i18nServer } from '~/lib/i18n.server';
import { memoizeTranslations } from '~/lib/i18n-memo.server';
import { errorFields, log, REQUEST_ID_HEADER } from '~/lib/log.server';

export const streamTimeout = 10_000;

/**
 * One i18next instance per language, made on first use and shared by every request in
 * that language: the resources are bundled and nothing on the server changes an
 * instance's language, so a per-request instance only cost time (seen in a CPU profile).
 * For the same reason its translations are kept as they are made (memoizeTranslations).
 */
const instances = new Map<string, Promise<i18n>>();

function i18nFor(lng: string): Promise<i18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const made = createInstance();
    instance = made
      .use(initReactI18next)
      .init({ ...i18nOptions, lng })
      .then(() => memoizeTranslations(made));
    instances.set(lng, instance);
  }
  return instance;
}

/**
 * Every page is rendered whole before it is sent (allReady): the portal must work
 * without JavaScript, and its pages are small.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = await i18nFor(await i18nServer.getLocale(request));
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : '';

  const page = (
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  if (!hydrates(remixContext)) {
    // Nothing waits on a page sent without scripts (no Suspense, no streamed data), so it is
    // rendered to one string at once: no stream, no chunks. A rendering error throws here
    // and Remix renders the error boundary instead, as it does for a loader's error.
    // The stream renderer writes the doctype itself; renderToString does not.
    return new Response(`<!DOCTYPE html>${keepScriptsInsideBody(renderToString(page))}`, {
      headers: responseHeaders,
      status: responseStatusCode,
    });
  }
  let didError = false;
  const html = await new Promise<Buffer>((resolve, reject) => {
    const stream = renderToPipeableStream(page, {
      nonce,
      onAllReady() {
        clearTimeout(timer);
        stream.pipe(collected(resolve));
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        didError = true;
        logError(request, error);
      },
    });
    // React calls back only after this function returns (it starts its work on setImmediate).
    const timer = setTimeout(() => stream.abort(), streamTimeout + 1000);
  });
  return new Response(keepScriptsInsideBody(html) as Uint8Array<ArrayBuffer>, {
    headers: responseHeaders,
    status: didError ? 500 : responseStatusCode,
  });
}

/**
 * Whether the page is sent with Remix's scripts: not when a matched route says
 * `handle = { hydrate: false }` (root.tsx leaves <Scripts/> out then).
 */
function hydrates({ staticHandlerContext, routeModules }: EntryContext): boolean {
  return !staticHandlerContext.matches.some((match) => (routeModules[match.route.id]?.handle as { hydrate?: unknown } | undefined)?.hydrate === false);
}

/** A sink that gathers what React writes and hands over the whole page when it ends. */
function collected(done: (bytes: Buffer) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, next) {
      chunks.push(chunk);
      next();
    },
    final(next) {
      done(Buffer.concat(chunks));
      next();
    },
  });
}

const DOCUMENT_END = '</body></html>';
const DOCUMENT_END_BYTES = Buffer.from(DOCUMENT_END);

/**
 * Remix's single-fetch data scripts render after the root element, which React writes
 * after `</html>` — invalid HTML ("stray start tag script"); a page without scripts still
 * gets their empty Suspense markers there. The page is complete here, so whatever follows
 * the document's end moves inside `<body>`, in the same order.
 */
export function keepScriptsInsideBody(html: string): string;
export function keepScriptsInsideBody(html: Buffer): Buffer;
export function keepScriptsInsideBody(html: string | Buffer): string | Buffer {
  if (typeof html === 'string') {
    const end = html.indexOf(DOCUMENT_END);
    if (end < 0 || end + DOCUMENT_END.length === html.length) return html;
    return html.slice(0, end) + html.slice(end + DOCUMENT_END.length) + DOCUMENT_END;
  }
  const end = html.indexOf(DOCUMENT_END_BYTES);
  if (end < 0 || end + DOCUMENT_END_BYTES.length === html.length) return html;
  return Buffer.concat([html.subarray(0, end), html.subarray(end + DOCUMENT_END_BYTES.length), DOCUMENT_END_BYTES]);
}

/**
 * One line per unexpected error: its kind, message, code and stack — never the error's
 * other fields, which for a database error hold the SQL parameters and the row's values
 * (personal data).
 */
function logError(request: Request, error: unknown) {
  const path = new URL(request.url).pathname;
  const reqId = request.headers.get(REQUEST_ID_HEADER) ?? undefined;
  log('http').error(`${request.method} ${path}: ${error instanceof Error ? error.message : String(error)}`, {
    reqId,
    method: request.method,
    path,
    ...errorFields(error),
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logError(request, error);
}
