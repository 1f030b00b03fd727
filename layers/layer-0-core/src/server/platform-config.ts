import { isIP } from 'node:net'
import { z } from 'zod'

/** `10.0.0.1`, `::1`, `10.0.0.0/8` or `fd00::/8`. */
const isAddressOrRange = (entry: string): boolean => {
  const [address = '', prefix] = entry.split('/')
  const family = isIP(address.startsWith('::ffff:') ? address.slice(7) : address)
  if (family === 0) return false
  if (prefix === undefined) return true
  const bits = Number(prefix)
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128)
}

/** A comma-separated environment variable as a list of trimmed, non-empty items. */
export const commaSeparated = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
const int = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const optionalUrl = z
  .string()
  .trim()
  .transform((s) => s || undefined)
  .pipe(z.url().optional())
  .optional()

/**
 * Every setting the platform reads from the environment. Unset services fall back to the embedded
 * defaults: PGlite in `DATA_DIR`, an in-process cache, and the dev mailbox.
 */
export const platformConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  /** @default 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** PostgreSQL URL; embedded PGlite when unset. */
  DATABASE_URL: optionalUrl,
  /**
   * Login of the runtime role (owns nothing; RLS applies) for requests. When unset, requests use
   * `DATABASE_URL` and switch to the runtime role with `SET ROLE`; production should set it.
   */
  DATABASE_APP_URL: optionalUrl,
  /**
   * Statements each PostgreSQL connection keeps prepared (parsed and planned once, not on every
   * request); 0 turns it off, for a pooler in transaction mode. @default 100
   */
  DATABASE_PREPARED_STATEMENTS: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Redis URL; in-process cache when unset. */
  REDIS_URL: optionalUrl,
  /** SMTP URL (`smtp://user:pass@host:port`); dev mailbox when unset. */
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('Stratum <no-reply@stratum.localhost>'),
  /** Folder for the embedded database. @default '.data' */
  DATA_DIR: z.string().default('.data'),
  /** Origins allowed by CORS, comma separated. */
  CORS_ORIGINS: commaSeparated,
  /** Public origins of the app (used for CSRF origin checks and links in mail). */
  PUBLIC_ORIGINS: commaSeparated,
  /** Maximum request body size. @default 1048576 */
  BODY_LIMIT_BYTES: int(1024 * 1024),
  /** Requests per window per session, or per client IP for requests without one. @default 600 */
  RATE_LIMIT_MAX: int(600),
  /** Requests per window per client IP, sessions included (many people behind one NAT). @default 6000 */
  RATE_LIMIT_IP_MAX: int(6000),
  /** @default 60000 */
  RATE_LIMIT_WINDOW_MS: int(60_000),
  /** How often an idle job worker looks for due jobs, in ms (500 at least). @default 1000 */
  JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(500).default(1000),
  /**
   * Whether this process runs job workers and the cron; `false` still enqueues (jobs then run on
   * the replicas that work). @default true
   */
  JOBS_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * When the layers' scheduled cleanups run (cron, UTC, minute resolution); once per tick across
   * every replica. @default '17 * * * *' (hourly)
   */
  CLEANUP_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4}$/, 'CLEANUP_CRON takes five cron fields, for example 17 * * * *.')
    .default('17 * * * *'),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  /**
   * `json`: one ECS JSON object per line, for a log pipeline. `pretty`: one short line per entry
   * (`12:01:02.345 GET /api/app/clients 200 4.1 ms`), for a person at a terminal. Unset: `pretty`
   * in development when stdout is a terminal, else `json` (see {@link logFormat}).
   */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /**
   * Proxies whose `X-Forwarded-*` headers are trusted, comma separated: exact addresses or CIDR
   * ranges (`10.0.0.0/8`, for gateway pods whose addresses change).
   */
  TRUSTED_PROXIES: commaSeparated.refine(
    (entries) => entries.every(isAddressOrRange),
    'TRUSTED_PROXIES takes IP addresses or CIDR ranges (10.0.0.0/8), comma separated.',
  ),
  /**
   * How long shutdown goes on serving after the signal, with readiness at 503 and every answer
   * closing its connection, before it stops accepting: time for the gateway to stop sending.
   * Unset: see {@link shutdownDrainDelayMs}.
   */
  SHUTDOWN_DRAIN_DELAY_MS: z.coerce.number().int().nonnegative().optional(),
  /** Bound on waiting for in-flight requests once shutdown stops accepting. @default 10000 */
  SHUTDOWN_TIMEOUT_MS: int(10_000),
  /** Kept above the gateway's upstream keepalive timeout (60 s). @default 65000 */
  KEEP_ALIVE_TIMEOUT_MS: int(65_000),
  /** The layers configuration, relative to the repository root. @default 'layers.config.ts' */
  LAYERS_CONFIG: z.string().default('layers.config.ts'),
  /** Built SPA served at `/`; not served when unset. */
  SPA_DIR: z.string().optional(),
  /** Theme used when the subdomain names none. Unknown names fall back to `base`. @default 'base' */
  DEFAULT_THEME: z.string().default('base'),
  /** Prefix for every cache key, so several apps can share one Redis. @default 'stratum:' */
  CACHE_PREFIX: z.string().default('stratum:'),
  /** Server secret for HMACs and tokens; generated and kept in `DATA_DIR` when unset outside production. */
  APP_SECRET: z.string().min(32).optional(),
})

export type PlatformConfig = z.infer<typeof platformConfigSchema>

/**
 * The log format in effect: `LOG_FORMAT`, or `pretty` for a developer's terminal (development,
 * stdout a TTY) and `json` everywhere else (production, containers, files, pipes and tests).
 */
export const logFormat = (
  config: Pick<PlatformConfig, 'LOG_FORMAT' | 'NODE_ENV'>,
  stdoutIsTerminal = process.stdout.isTTY === true,
): 'json' | 'pretty' =>
  config.LOG_FORMAT ?? (config.NODE_ENV === 'development' && stdoutIsTerminal ? 'pretty' : 'json')

/**
 * The drain delay in effect: `SHUTDOWN_DRAIN_DELAY_MS`, or 5 s in production (a gateway or load
 * balancer needs a few seconds to see readiness fail) and 0 elsewhere, so Ctrl-C stops at once.
 */
export const shutdownDrainDelayMs = (config: PlatformConfig): number =>
  config.SHUTDOWN_DRAIN_DELAY_MS ?? (config.NODE_ENV === 'production' ? 5_000 : 0)
