/**
 * Keeps one value per process across dev-server reloads and across the two module
 * graphs of a process (the server entry and the Remix bundle both import this).
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __kompetenSingletons?: Map<string, unknown> };
  store.__kompetenSingletons ??= new Map();
  if (!store.__kompetenSingletons.has(name)) store.__kompetenSingletons.set(name, create());
  return store.__kompetenSingletons.get(name) as T;
}

export function clearSingleton(name: string): void {
  const store = globalThis as unknown as { __kompetenSingletons?: Map<string, unknown> };
  store.__kompetenSingletons?.delete(name);
}
