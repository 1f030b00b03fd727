import type { HttpBindings } from '@hono/node-server'

/** Hono environment shared by every router. */
export type AppEnv = { Bindings: HttpBindings }

declare module 'hono' {
  interface ContextVariableMap {
    /** Sane incoming `X-Request-ID` or a generated one; echoed on every response. */
    requestId: string
    /** Client address after trusted-proxy handling. */
    clientIp: string
    /** The request reached us over https (directly, or through a trusted proxy that says so). */
    secure: boolean
  }
}
