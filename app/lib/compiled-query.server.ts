import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { singleton } from './singleton.server';

/** Stands in for the argument at `index` while the query is built. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query whose shape never changes, built and compiled by Kysely once: each call sends the
 * same SQL with its own arguments as the parameters. Kysely builds and compiles a query on
 * every call (its builder copies and freezes a node per method, its compiler walks them
 * all), which for the public roster's one nested statement was 9% of the page's CPU in a
 * profile. Both of the portal's databases speak PostgreSQL, so the SQL is the same for each
 * (and the portal's handles have no plugins; a handle with one gets every call built).
 *
 * `build` gets stand-ins for the arguments and may only pass them on as values (`where`,
 * `set`, `values`), never look into them. Every other parameter of the built query must be
 * a string, number, boolean or null written in `build` (a status, a limit): anything else,
 * a `new Date()` say, would be frozen at the first call, so it throws instead; pass the
 * time as an argument.
 */
export function compiledOnce<Args extends unknown[], Row>(build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>) {
  let compiled: CompiledQuery<Row> | undefined;
  return async function execute(db: Kysely<Database>, ...args: Args): Promise<Row[]> {
    // A plugin may rewrite each query or watch it (query-plans.test.ts captures the statements
    // behind a page): with one, every call is built and compiled as Kysely does it.
    if (db.getExecutor().plugins.length > 0) return (await db.executeQuery<Row>(build(db, ...args).compile())).rows;
    compiled ??= compile(build, db, args.length);
    const parameters = compiled.parameters.map((value) => (value instanceof Slot ? args[value.index] : value));
    return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
  };
}

/**
 * The name each fixed statement is prepared under on a PostgreSQL connection, by its SQL: one
 * map per process (the Remix bundle compiles the statements, the server entry's pool sends them).
 */
const preparedNames = () => singleton('prepared-statement-names', () => new Map<string, string>());

/**
 * The name a statement of `compiledOnce` is prepared under, or undefined for any other SQL.
 * PostgreSQL parses and plans every statement sent without a name, each time (0.5 ms of
 * its CPU for the session's statement behind every signed-in page); a named one is parsed
 * and planned once per connection. These statements look rows up by a key (a session, a
 * cohort, a cooperative's slug), so a kept plan is the right one.
 */
export function preparedStatementName(sql: string): string | undefined {
  return preparedNames().get(sql);
}

function compile<Args extends unknown[], Row>(build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>, db: Kysely<Database>, count: number) {
  const compiled = build(db, ...(Array.from({ length: count }, (_, index) => new Slot(index)) as Args)).compile();
  for (const value of compiled.parameters) {
    if (value instanceof Slot || value === null || ['string', 'number', 'boolean'].includes(typeof value)) continue;
    throw new Error(`compiledOnce: a parameter that is not an argument would be kept from the first call: ${String(value)}`);
  }
  const names = preparedNames();
  if (!names.has(compiled.sql)) names.set(compiled.sql, `kompeten_${names.size + 1}`);
  return compiled;
}
