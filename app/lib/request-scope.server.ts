import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one HTTP request may reuse between its loaders: a page's root and route loaders
 * each ask who is signed in, and both would otherwise read the session and its roles.
 * The server runs each reading request (GET, HEAD) inside `withRequestScope`. A writing
 * request is not: its action may change what the loaders after it must see (a role
 * revoked, a session ended). Outside a scope (scripts, jobs, writes) nothing is
 * remembered. Never shared between requests.
 */
interface RequestScope {
  actors: Map<string, Promise<unknown>>;
}

// One store per process: the server entry and the Remix build each bundle their own copy
// of this module, so the store is kept on the process's global object under a shared key.
const KEY = Symbol.for('kompeten.request-scope');
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestScope> };
const scope = (holder[KEY] ??= new AsyncLocalStorage<RequestScope>());

export function withRequestScope<T>(method: string, run: () => T): T {
  return method === 'GET' || method === 'HEAD' ? scope.run({ actors: new Map() }, run) : run();
}

/** `load()` once per request and key; every call without a request scope loads afresh. */
export function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const actors = scope.getStore()?.actors;
  if (!actors) return load();
  let pending = actors.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = load();
    actors.set(key, pending);
    // A failed read is not remembered: the next loader tries again.
    pending.catch(() => actors.delete(key));
  }
  return pending;
}
