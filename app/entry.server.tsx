import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { createInstance, type i18n } from 'i18next';
// The web-streams renderer, not renderToPipeableStream: React 18.3's Node stream config
// flushes a whole 2 KB view when a multi-byte character does not fit at its end, sending
// U+0000 bytes inside the HTML (fixed only in React 19). The web-streams one encodes each
// string whole and copies its bytes, so the HTML is exact (test/integration/html-bytes.test.ts).
import { renderToReadableStream } from 'react-dom/server.browser';
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

  let didError = false;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), streamTimeout + 1000);
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
    {
      nonce,
      signal: timeout.signal,
      onError(error: unknown) {
        didError = true;
        logError(request, error);
      },
    },
  );
  await body.allReady.finally(() => clearTimeout(timer));
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  const html = keepScriptsInsideBody(await new Response(body).text());
  return new Response(html, { headers: responseHeaders, status: didError ? 500 : responseStatusCode });
}

const DOCUMENT_END = '</body></html>';

/**
 * Remix's single-fetch data scripts render after the root element, which React writes
 * after `</html>` — invalid HTML ("stray start tag script"). The page is complete here, so
 * whatever follows the document's end moves inside `<body>`, in the same order.
 */
export function keepScriptsInsideBody(html: string): string {
  const end = html.indexOf(DOCUMENT_END);
  if (end < 0 || end + DOCUMENT_END.length === html.length) return html;
  return html.slice(0, end) + html.slice(end + DOCUMENT_END.length) + DOCUMENT_END;
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
