import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Express's names for address ranges (proxy-addr): the proxy on this host, a private network. */
const TRUSTED_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(item: string): boolean {
  if (TRUSTED_RANGE_NAMES.has(item)) return true;
  const [address, bits, ...rest] = item.split('/');
  if (rest.length || !address) return false;
  const family = isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may say who the client is (X-Forwarded-For), as Express's `trust proxy`:
 * a hop count (`0` = no proxy, the peer is the client; `1` = one proxy in front, whatever
 * its address) or a comma-separated list of addresses, CIDR ranges and the names
 * loopback / linklocal / uniquelocal.
 */
const TrustProxy = z
  .string()
  .trim()
  .transform((value, ctx): number | string[] => {
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 10) return hops;
    }
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !isAddressOrRange(item));
    if (items.length === 0 || bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a hop count (0–10) or a comma-separated list of addresses, CIDR ranges or loopback/linklocal/uniquelocal${bad.length ? `; not understood: ${bad.join(', ').slice(0, 120)}` : ''}`,
      });
      return z.NEVER;
    }
    return items;
  });

/** An interface address to listen on, or a host name that resolves to one (e.g. localhost). */
const Host = z
  .string()
  .trim()
  .refine((value) => isIP(value) !== 0 || /^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/i.test(value), 'must be an IP address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::) or a host name such as localhost');

/**
 * The whole configuration of a Kompeten process, read once from the environment.
 * A bad value stops start-up with one line per bad variable (see `ConfigError`).
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Unset: every interface (IPv4 and IPv6), as Node listens by default. */
  HOST: Host.optional(),
  TRUST_PROXY: TrustProxy.default(['loopback']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  /** The bearer token /metrics asks for; unset, /metrics answers 404. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PUBLIC_URL: z
    .url({ message: 'must be an absolute http(s) URL, e.g. https://kompeten.example.go.id' })
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  /** Connections each process keeps to PostgreSQL (its pages and its mail worker share them). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example:587')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Kompeten <no-reply@kompeten.local>'),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** How long a worker holds the messages it claimed; a crashed worker's are taken over after it. */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /**
   * Worker threads that draw certificate PDFs off the event loop (a cohort's ZIP draws them
   * side by side); 0 draws them in the request's own thread. One per core, at most 4.
   */
  PDF_WORKERS: z.coerce.number().int().min(0).max(64).default(() => Math.min(4, availableParallelism())),
  SEED: z.enum(['demo', 'none']).default('demo'),
  /**
   * The embedded database's nightly backup: the hour (0–23, Western Indonesian Time) it is
   * written to DATA_DIR/backups, or `off`. PostgreSQL is backed up with pg_dump instead.
   */
  BACKUP_HOUR: z
    .string()
    .regex(/^(off|[01]?\d|2[0-3])$/, 'must be an hour 0–23 (Western Indonesian Time) or off')
    .transform((v): number | 'off' => (v === 'off' ? 'off' : Number(v)))
    .default(2),
  /** How many nightly backups of the embedded database are kept (the oldest go first). */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  /**
   * `false`: the portal does not migrate at start (migrations run as their own step,
   * `npm run db:migrate`) and refuses to start on a database that lacks one it needs.
   */
  MIGRATE_ON_START: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});

export type Config = Omit<z.infer<typeof EnvSchema>, 'SESSION_SECRET' | 'PUBLIC_URL'> & {
  SESSION_SECRET: string;
  /** Defaults to http://localhost:<PORT>. */
  PUBLIC_URL: string;
  databaseKind: 'pglite' | 'postgres';
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function blankToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) out[key] = value === '' ? undefined : value;
  return out;
}

/** Parses the environment; throws `ConfigError` naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = EnvSchema.safeParse(blankToUndefined(env));
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const parsed = result.data;
  let secret = parsed.SESSION_SECRET;
  if (!secret) {
    if (parsed.NODE_ENV === 'production') {
      throw new ConfigError(['SESSION_SECRET: required in production (at least 32 random characters)']);
    }
    secret = developmentSecret(parsed.DATA_DIR);
  }
  return {
    ...parsed,
    PUBLIC_URL: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`,
    SESSION_SECRET: secret,
    databaseKind: parsed.DATABASE_URL ? 'postgres' : 'pglite',
  };
}

/** Outside production a missing secret is generated once and kept beside the data. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, '.session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const globalForConfig = globalThis as unknown as { __kompetenConfig?: Config };

/** The process's configuration, parsed on first use. */
export function config(): Config {
  globalForConfig.__kompetenConfig ??= parseConfig();
  return globalForConfig.__kompetenConfig;
}

/** Tests and the server entry set the configuration explicitly. */
export function setConfig(value: Config): void {
  globalForConfig.__kompetenConfig = value;
}
