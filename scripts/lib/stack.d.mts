// Types of scripts/lib/stack.mjs, for the TypeScript tests that run the same topology.

/** The parts of a received mail (mailparser's ParsedMail) the stack's users read. */
export interface StackMail {
  subject?: string
  text?: string
  to?: { text: string } | Array<{ text: string }>
}

/** Thrown when a tool the stack runs on (nginx) is missing. */
export declare class StackToolMissingError extends Error {}

export interface StackOptions {
  /** Folder for the certificate, the rendered nginx.conf, the SPA copy and the logs. @default a new temp folder, removed by `stop()` */
  stateDir?: string
  /** @default a free port */
  httpsPort?: number
  /** Plain http port that redirects to https. @default a free port */
  httpPort?: number
  /** @default 2 */
  replicas?: number
  /** @default free ports */
  backendPorts?: number[]
  /** Built SPA to serve. @default host-frontend/dist */
  spaDir?: string
  /** Where the stack's database is created. @default 'postgres://postgres@127.0.0.1:5432/postgres' */
  postgresAdminUrl?: string
  /** @default 'stratum_stack_<random>' */
  databaseName?: string
  /** @default 'redis://127.0.0.1:6379' */
  redisUrl?: string
  /** @default 'stratum:stack-<random>:' */
  cachePrefix?: string
  /** An SMTP server to use instead of the stack's own. */
  smtpUrl?: string
  /** Shared by the replicas, so a token one issues is valid on the other. @default random */
  appSecret?: string
  /** Keep the database and the Redis keys when stopping. @default false */
  keepData?: boolean
  /** Extra backend environment (RATE_LIMIT_MAX, LOG_LEVEL, …), applied last. */
  env?: Record<string, string>
  /** Called for each mail the stack's own SMTP server receives. */
  onMail?: (mail: StackMail) => void
  /** Progress lines. */
  log?: (line: string) => void
  /** @default Debian's nginx */
  nginx?: string
}

export interface ExitReport {
  code: number | null
  signal: NodeJS.Signals | null
  /** SIGKILL was needed after the grace period. */
  forced: boolean
}

export interface StackProcess {
  readonly name: string
  readonly pid: number
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  isRunning(): boolean
  signal(signal: NodeJS.Signals): boolean
  log(maxChars?: number): string
}

export interface StackBackend {
  /** 1-based. */
  readonly index: number
  readonly port: number
  /** `http://127.0.0.1:<port>`, the replica without the gateway. */
  readonly url: string
  readonly pid: number
  readonly proc: StackProcess
  stop(graceMs: number): Promise<ExitReport>
}

export interface StackSmtp {
  readonly url: string
  readonly messages: StackMail[]
  waitFor(predicate: (mail: StackMail) => boolean, timeoutMs?: number): Promise<StackMail>
}

export interface StackReport {
  gateway: ExitReport | undefined
  backends: Array<ExitReport & { index: number }>
  /** Cleanup steps that failed; the others still ran. */
  errors: string[]
}

export interface Stack {
  /** `https://localhost:<httpsPort>` */
  readonly origin: string
  /** `http://localhost:<httpPort>`, which redirects to `origin`. */
  readonly httpOrigin: string
  readonly httpsPort: number
  readonly httpPort: number
  /** The self-signed certificate (PEM), to trust as a CA. */
  readonly ca: string
  readonly stateDir: string
  readonly logDir: string
  readonly database: { name: string; url: string }
  readonly redisUrl: string
  readonly cachePrefix: string
  /** The environment the replicas run with. */
  readonly env: Readonly<Record<string, string>>
  /** The stack's own SMTP server; undefined when `smtpUrl` was given. */
  readonly smtp: StackSmtp | undefined
  readonly gateway: { proc: StackProcess; reload(): boolean; accessLog(): string }
  /** Index 0 is replica 1. */
  readonly backends: StackBackend[]
  /** Starts replica `index` (1-based) again on its port, after it exited. */
  restartBackend(index: number): Promise<StackBackend>
  /** nginx quits gracefully, the replicas drain on SIGTERM, then the data and temp files go. */
  stop(): Promise<StackReport>
}

export declare function startStack(options?: StackOptions): Promise<Stack>
