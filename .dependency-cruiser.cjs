/**
 * The layers of Kompeten, checked by `npm run lint:layers` (dependency-cruiser; kept as a
 * dotfile so the top level stays as the project asked). Read with README "How the code
 * is written":
 *
 *   app/routes      → app/domain, app/lib, app/components, db types (db/schema.ts)
 *   app/components  → app/lib and app/domain, their browser-safe modules only (no `.server`),
 *                     and db types (db/schema.ts: types and enum lists, nothing at run time)
 *   app/domain      → app/lib, db, other domain areas (never routes, components, React)
 *   app/lib         → db (never domain, routes, components)
 *   db              → nothing of app/
 *
 * Nothing imports a route module; routes never hold the database handle (`context.db`
 * is theirs) nor Kysely; no circular imports between files, nor between domain areas.
 * Type-only imports count (tsPreCompilationDeps).
 */

/** A route module: a flat route file, or the route.tsx of a folder route. */
const ROUTE_MODULE = '^app/routes/(?:[^/]+\\.[jt]sx?|[^/]+/route\\.[jt]sx?)$';
const SERVER_MODULE = '\\.server(?:/|\\.[jt]sx?$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle of imports: break it by moving the shared part down a layer or into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-domain-areas',
      severity: 'error',
      comment:
        'Two domain areas that import each other (through any of their files) are one area in disguise: ' +
        'move the shared part into one of them, or lower (app/lib), so the areas depend one way.',
      scope: 'folder',
      from: { path: '^app/domain/[^/]+/?$' },
      to: { path: '^app/domain/[^/]+/?$', circular: true },
    },
    {
      name: 'no-importing-routes',
      severity: 'error',
      comment: 'Nothing imports a route module: Remix loads them. Move what is shared to app/components, app/lib or app/domain.',
      from: {},
      to: { path: ROUTE_MODULE },
    },
    {
      name: 'route-pieces-stay-in-their-folder',
      severity: 'error',
      comment: "The files beside a folder route's route.tsx are its private pieces: only that folder uses them.",
      from: { path: '^(?!app/routes/)' },
      to: { path: '^app/routes/' },
    },
    {
      name: 'flat-route-imports-route-folder',
      severity: 'error',
      comment: "A flat route file has no pieces of its own under app/routes; another route's pieces are private to it.",
      from: { path: '^app/routes/[^/]+\\.[jt]sx?$' },
      to: { path: '^app/routes/' },
    },
    {
      name: 'routes-no-database-handle',
      severity: 'error',
      comment: 'Routes use the database of the load context (context.db), never the process handle in app/lib/db.server.ts.',
      from: { path: '^app/routes/' },
      to: { path: '^app/lib/db\\.server\\.ts$' },
    },
    {
      name: 'routes-no-kysely',
      severity: 'error',
      comment: 'Routes do not build queries: a domain operation does (and takes context.db).',
      from: { path: '^app/routes/' },
      to: { path: '^node_modules/kysely/' },
    },
    {
      name: 'routes-only-db-types',
      severity: 'error',
      comment: 'Of db/ a route may use the schema (db/schema.ts: types and enum lists) only, never migrations.',
      from: { path: '^app/routes/' },
      to: { path: '^db/', pathNot: '^db/schema\\.ts$' },
    },
    {
      name: 'server-entries-on-top',
      severity: 'error',
      comment: 'app/server holds the process entries (server, worker, CLI); routes and the layers below never import them.',
      from: { path: '^app/(?:routes|components|domain|lib)/' },
      to: { path: '^app/server/' },
    },
    {
      name: 'components-browser-safe',
      severity: 'error',
      comment:
        'Components run in the browser too: from app/lib and app/domain only modules without `.server` ' +
        '(schemas, pure rules, formatting), and never the database or Node-only code.',
      from: { path: '^app/components/' },
      to: {
        path: ['^app/(?:lib|domain)/.*' + SERVER_MODULE, '^db/', '^node_modules/(?:kysely|pg|@electric-sql)/'],
        pathNot: '^db/schema\\.ts$',
      },
    },
    {
      name: 'components-not-above',
      severity: 'error',
      comment: 'Components are used by routes; they import no route.',
      from: { path: '^app/components/' },
      to: { path: '^app/routes/' },
    },
    {
      name: 'domain-not-up',
      severity: 'error',
      comment: 'The domain knows no routes, components or React: it is called by routes and processes.',
      from: { path: '^app/domain/' },
      to: {
        path: ['^app/routes/', '^app/components/', '^node_modules/(?:react|react-dom|@remix-run/react)/', '^app/root\\.tsx$', '^app/entry\\.'],
      },
    },
    {
      name: 'lib-not-up',
      severity: 'error',
      comment: 'app/lib is below the domain: it never imports app/domain, routes or components.',
      from: { path: '^app/lib/' },
      to: { path: ['^app/domain/', '^app/routes/', '^app/components/', '^app/root\\.tsx$', '^app/entry\\.'] },
    },
    {
      name: 'db-not-app',
      severity: 'error',
      comment: 'db/ (schema, migrations) imports nothing of app/.',
      from: { path: '^db/' },
      to: { path: '^app/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve (a typo, or a package missing from package.json).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    // `~/…` → app/, `~db/…` → db/ (tsconfig.json paths).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
