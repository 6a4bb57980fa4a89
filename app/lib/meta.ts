import { createInstance, type TFunction } from 'i18next';
import type { MetaArgs, MetaDescriptor } from '@remix-run/node';
import { defaultLocale, i18nOptions, isLocale, type Locale } from './i18n';
import { memoizeTranslations } from './i18n-memo';

/**
 * Page titles, translated like everything else. A route's `meta` runs on the server and
 * in the browser; it reads the language from the root loader's data and translates with
 * one i18next instance per language, made once, whose translations are kept as they are
 * made (memoizeTranslations: a page title with a name took 1.3% of a page's CPU).
 *
 *   export const meta = pageTitle('cooperatives:registry.title');
 *   export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.cohort.name);
 *   export const meta: MetaFunction = (args) => titled(metaT(args)('cohorts:form.newTitle'));
 */
const translators = new Map<Locale, TFunction>();

export function translatorFor(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = createInstance();
    // Resources are bundled, so init finishes synchronously.
    void instance.init({ ...i18nOptions, lng: locale, initImmediate: false });
    t = memoizeTranslations(instance).t;
    translators.set(locale, t);
  }
  return t;
}

function localeOf(matches: MetaArgs['matches']): Locale {
  const root = matches.find((match) => match.id === 'root')?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : defaultLocale;
}

const SITE = 'Kompeten';

/** "<text> · Kompeten"; the site's name alone when there is no text (e.g. an error page). */
export function titled(text: string | null | undefined): MetaDescriptor[] {
  return [{ title: text ? `${text} · ${SITE}` : SITE }];
}

/** A `meta` function whose title is one translation key (namespace:key), with optional values. */
export function pageTitle(key: string, values?: Record<string, string | number>) {
  return (args: Pick<MetaArgs, 'matches'>): MetaDescriptor[] => titled(translatorFor(localeOf(args.matches))(key, values) as string);
}

/**
 * A title and a description (what a search result shows under the link), each one
 * translation key: the public pages that a search engine may list.
 */
export function pageTitleAndDescription(titleKey: string, descriptionKey: string) {
  return (args: Pick<MetaArgs, 'matches'>): MetaDescriptor[] => {
    const t = translatorFor(localeOf(args.matches));
    return [...titled(t(titleKey) as string), { name: 'description', content: t(descriptionKey) as string }];
  };
}

/** Translates a key in the page's language, for `meta` functions that build their own title. */
export function metaT(args: Pick<MetaArgs, 'matches'>): TFunction {
  return translatorFor(localeOf(args.matches));
}

