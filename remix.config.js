/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // The server entry (app/server/main.ts) runs outside the bundle; everything under
  // node_modules stays external so the PGlite WebAssembly files resolve from disk.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off: each page names all ~100 routes in one cached file (manifest-*.js, 4 KB gzipped)
    // instead of its own routes inline. With it on, every page the browser loaded asked the
    // server which routes its links lead to (/__manifest, one request per page, matching
    // each of its links' paths against every route, test/e2e/smoke.test.ts), and every
    // document matched its own path's parents again to write its part of the manifest.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};
