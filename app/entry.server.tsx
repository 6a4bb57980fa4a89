import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { createInstance, type i18n } from 'i18next';
// renderToString, not a stream renderer: every page is rendered whole before it is sent, and
// the stream renderers encode each of a page's thousands of small strings on its own (React's
// web-streams renderer allocated an array per string, 7–9% of a page's CPU in a profile; the
// Node one still 5–7%, and in React 18.3 it sent U+0000 bytes when a multi-byte character
// did not fit its 2 KB view, test/integration/html-bytes.test.ts).
import { renderToString } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { sendsScripts } from '~/components/hydration';
import { NonceProvider } from '~/components/nonce';
import { i18nOptions } from '~/lib/i18n';
import { i18nServer } from '~/lib/i18n.server';
import { memoizeTranslations } from '~/lib/i18n-memo';
import { errorFields, log, REQUEST_ID_HEADER } from '~/lib/log.server';

/** How long Remix's single fetch waits for a loader's data to encode (read by Remix from this module). */
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
 * Every page is rendered whole, at once, before it is sent: the portal must work without
 * JavaScript, its pages are small, and nothing on them waits (no Suspense, no deferred data).
 * A rendering error throws here and Remix renders the error boundary instead, as it does for
 * a loader's error.
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
  const { staticHandlerContext, routeModules } = remixContext;
  const withScripts = sendsScripts(staticHandlerContext.matches.map((match) => routeModules[match.route.id]?.handle));
  // The loader data Remix hands to the browser (turbo-stream) is read whole first and written
  // once, below, as the browser expects it; RemixServer would instead suspend on each of its
  // chunks (StreamTransfer), which only a stream renderer waits for. A page without scripts
  // never reads it, so it is never encoded.
  const handoff = withScripts && remixContext.serverHandoffStream ? await textOf(remixContext.serverHandoffStream) : null;
  const html = renderToString(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={{ ...remixContext, serverHandoffStream: undefined }} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  // The stream renderers write the doctype themselves; renderToString does not.
  return new Response(`<!DOCTYPE html>${handoff === null ? html : withHandoff(html, handoff, nonce)}`, {
    headers: responseHeaders,
    status: responseStatusCode,
  });
}

async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value, { stream: true });
  return text + decoder.decode();
}

const DOCUMENT_END = '</body></html>';

/**
 * The page with its loader data for the browser, in the script Remix's StreamTransfer writes
 * (the stream `<Scripts/>` opens is fed and closed), at the end of `<body>`.
 */
export function withHandoff(html: string, handoff: string, nonce: string): string {
  const script = `<script nonce="${nonce}">window.__remixContext.streamController.enqueue(${scriptSafe(JSON.stringify(handoff))});window.__remixContext.streamController.close();</script>`;
  const end = html.lastIndexOf(DOCUMENT_END);
  return end < 0 ? html + script : html.slice(0, end) + script + html.slice(end);
}

/** JSON that stays inside its `<script>`: no `<`, `>` or `&` (nothing closes the element), no line separators. */
const SCRIPT_UNSAFE: Record<string, string> = { '&': '\\u0026', '<': '\\u003c', '>': '\\u003e', '\u2028': '\\u2028', '\u2029': '\\u2029' };
function scriptSafe(json: string): string {
  return json.replace(/[&<>\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]!);
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
