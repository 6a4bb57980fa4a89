import type { i18n, TFunction } from 'i18next';

/** Entries one language's instance keeps before it starts afresh: every label and message, with room for names. */
const MEMO_SIZE = 20_000;

/**
 * The memo's key for a call, or null when the call is not kept: the key (or keys) and each
 * option by name, type and length-prefixed value, so no two different calls share a key.
 * Options are plain when a translation depends on them only through their values: strings,
 * numbers, booleans, lists of strings (ns, lngs). Built in one pass: JSON.stringify and
 * Object.entries on each of a page's few hundred calls showed in a CPU profile.
 */
export function memoKeyOf(key: unknown, options: unknown): string | null {
  let memoKey: string;
  if (typeof key === 'string') memoKey = `s${key.length}:${key}`;
  else if (Array.isArray(key) && key.every((k) => typeof k === 'string')) memoKey = `a${JSON.stringify(key)}`;
  else return null;
  if (options === undefined) return memoKey;
  if (typeof options !== 'object' || options === null) return null;
  for (const name in options) {
    if (name === 'returnObjects' || name === 'postProcess') return null;
    const value: unknown = (options as Record<string, unknown>)[name];
    let part: string;
    switch (typeof value) {
      case 'undefined':
        continue;
      case 'string':
        part = `s${value.length}:${value}`;
        break;
      case 'number':
      case 'boolean':
        part = `${typeof value === 'number' ? 'n' : 'b'}${String(value)}`;
        break;
      case 'object':
        if (value === null) part = 'z';
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) part = `a${JSON.stringify(value)}`;
        else return null;
        break;
      default:
        return null;
    }
    memoKey += `|${name.length}:${name}=${part}`;
  }
  return memoKey;
}

/**
 * Keeps an i18next instance's translations as they are made: the same key with the same
 * options always gives the same text on the server (its resources are bundled, its
 * language fixed). i18next resolves each call afresh — namespaces, fallbacks, plural
 * forms, interpolation — which was 5–8% of a page's CPU time in a profile. Only calls
 * with plain options (strings, numbers) and a string result are kept; the rest go to
 * i18next each time. Bounded: when full, it starts afresh.
 */
export function memoizeTranslations(instance: i18n): i18n {
  const memo = new Map<string, string>();
  const remembered = (translate: (...args: unknown[]) => unknown, scope: string) =>
    function t(key: unknown, options?: unknown, ...rest: unknown[]) {
      const keyed = rest.length > 0 ? null : memoKeyOf(key, options);
      if (keyed === null) return translate(key, options, ...rest);
      const memoKey = scope + keyed;
      const known = memo.get(memoKey);
      if (known !== undefined) return known;
      const text = translate(key, options);
      if (typeof text === 'string') {
        if (memo.size >= MEMO_SIZE) memo.clear();
        memo.set(memoKey, text);
      }
      return text;
    };
  instance.t = remembered(instance.t.bind(instance) as never, '') as unknown as TFunction;

  // Components translate through react-i18next's useTranslation, which asks for a fixed-namespace
  // function on every render; i18next's copies and fills the options of each call before
  // reaching `t` (2.6% of a page's CPU in a profile). One kept function per language,
  // namespace and prefix answers from the memo first.
  const getFixedT = instance.getFixedT.bind(instance);
  const fixed = new Map<string, TFunction>();
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    const scope = memoKeyOf('', { lng, ns, keyPrefix });
    if (scope === null) return getFixedT(lng as never, ns as never, keyPrefix as never);
    let made = fixed.get(scope);
    if (!made) {
      const inner = getFixedT(lng as never, ns as never, keyPrefix as never);
      // The same fields as i18next's fixed function (react-i18next reads them).
      const { lng: innerLng, lngs, ns: innerNs, keyPrefix: innerPrefix } = inner as unknown as Record<string, unknown>;
      made = Object.assign(remembered(inner as never, `${scope}#`), { lng: innerLng, lngs, ns: innerNs, keyPrefix: innerPrefix }) as unknown as TFunction;
      fixed.set(scope, made);
    }
    return made;
  }) as i18n['getFixedT'];
  return instance;
}
