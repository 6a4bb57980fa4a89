import { createCookie } from '@remix-run/node';
import { RemixI18Next } from 'remix-i18next/server';
import { defaultLocale, i18nOptions, supportedLocales } from './i18n';

/** The visitor's language choice; a year, readable by no script. */
export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    // Indonesian first: the browser's language is not consulted, only an explicit choice.
    order: ['searchParams', 'cookie'],
    searchParamKey: 'lng',
  },
  i18next: i18nOptions,
});
