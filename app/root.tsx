import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { sendsScripts } from '~/components/hydration';
import { isCurrentSection, navFor, type NavItem } from '~/components/navigation';
import { useNonce } from '~/components/nonce';
import { getActor } from '~/lib/auth.server';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { getToast } from '~/lib/toast.server';
import styles from '~/styles/app.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta = () => titled(null);

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, actor, { toast, headers }] = await Promise.all([
    i18nServer.getLocale(request),
    getActor(request),
    getToast(request),
  ]);
  const user = actor
    ? { displayName: actor.displayName, roles: [...new Set(actor.roles.map((r) => r.role))] }
    : null;
  return data(
    { locale: locale === 'en' ? ('en' as const) : ('id' as const), user, toast },
    headers ? { headers } : undefined,
  );
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root');
}

function LanguageSwitch({ locale }: { locale: 'id' | 'en' }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other = locale === 'id' ? 'en' : 'id';
  return (
    <Form method="post" action="/language" className="language-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <input type="hidden" name="lng" value={other} />
      <button type="submit" className="link-button" lang={other} aria-label={`${t('language.label')}: ${t(`language.${other}`)}`}>
        {t('language.switchTo')}
      </button>
    </Form>
  );
}

/**
 * The menu's links, the current section marked as NavLink marks it (`active`, `aria-current`).
 * Plain links with the section worked out once: a NavLink resolves and matches its path
 * again for its active, pending and transition states, and the menu has two dozen of them
 * on every page (seen in a CPU profile).
 */
function NavList({ items }: { items: NavItem[] }) {
  const { t } = useTranslation();
  const current = useLocation().pathname.toLowerCase();
  return (
    <ul>
      {items.map((item) => {
        const active = isCurrentSection(item.to, current);
        return (
          <li key={item.to}>
            <Link to={item.to} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
              {t(item.label)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A page that must renew itself without JavaScript (the check-in projector) puts
 * `noScriptRefreshSeconds` in its loader data; with JavaScript it renews itself in place.
 * Inside <noscript> the refresh exists only for a browser that runs no script: set as
 * innerHTML it stays text wherever scripts run (a client-side navigation).
 */
function NoScriptRefresh() {
  const seconds = useMatches()
    .map((match) => (match.data as { noScriptRefreshSeconds?: unknown } | null | undefined)?.noScriptRefreshSeconds)
    .find((value): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0);
  if (!seconds) return null;
  return <noscript dangerouslySetInnerHTML={{ __html: `<meta http-equiv="refresh" content="${seconds}">` }} />;
}

/** Whether the page is sent with Remix's scripts (components/hydration.ts). */
function useHydrates() {
  const matches = useMatches();
  // In the browser the app is already running (reached by a client-side navigation): keep the scripts.
  if (typeof document !== 'undefined') return true;
  return sendsScripts(matches.map((match) => match.handle));
}

function Shell({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const hydrates = useHydrates();
  const { t } = useTranslation();
  const nonce = useNonce();
  const locale = root?.locale ?? 'id';
  const user = root?.user ?? null;
  const items = navFor(user?.roles ?? null);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* No frame is painted before the header is whole (Chromium lets the first frame wait
            until <main>, which follows it, is in the document). A busy phone (or CI machine)
            may pause parsing part-way and paint; the header's right-hand items are laid out
            from the right, so the language switch, painted alone, then jumped left when the
            sign-in link arrived (a layout shift Lighthouse measured, 0.0007). */}
        <link rel="expect" href="#main" blocking="render" />
        <NoScriptRefresh />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header className="site-header">
          <div className="container header-row">
            <Link to="/" className="brand">
              <span aria-hidden="true" className="brand-mark">K</span> {t('appName')}
            </Link>
            <nav aria-label={t('nav.menu')} className={`main-nav${items.length > 3 ? ' collapses' : ''}`}>
              <NavList items={items} />
            </nav>
            {items.length > 3 ? (
              // On a phone a long menu folds into a disclosure (no JavaScript needed).
              <details className="nav-compact">
                <summary>{t('nav.menuButton')}</summary>
                <nav aria-label={t('nav.menu')}>
                  <NavList items={items} />
                </nav>
              </details>
            ) : null}
            <div className="header-actions">
              <LanguageSwitch locale={locale} />
              {user ? (
                <Form method="post" action="/logout">
                  <span className="user-name">{user.displayName}</span>{' '}
                  <button type="submit" className="link-button">
                    {t('nav.signOut')}
                  </button>
                </Form>
              ) : (
                <Link to="/login">{t('nav.signIn')}</Link>
              )}
            </div>
          </div>
        </header>
        {root?.toast ? (
          <div className={`toast toast-${root.toast.kind}`} role="status">
            <div className="container">{t(root.toast.message, root.toast.values)}</div>
          </div>
        ) : null}
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">{t('footer')}</div>
        </footer>
        {hydrates ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t('error.title');
  let body = t('error.body');
  if (isRouteErrorResponse(error) && error.status === 404) {
    title = t('error.notFoundTitle');
    body = t('error.notFoundBody');
  } else if (isRouteErrorResponse(error) && error.status === 403) {
    title = t('error.forbiddenTitle');
    body = t('error.forbiddenBody');
  }
  return (
    <Shell>
      <section className="error-page">
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <Link to="/">{t('error.backHome')}</Link>
        </p>
      </section>
    </Shell>
  );
}
