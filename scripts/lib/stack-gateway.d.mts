// Types of scripts/lib/stack-gateway.mjs, for the TypeScript tests.

/** Absolute path of gateway/nginx.prod.conf. */
export declare const PROD_CONFIG: string

/** Absolute path of Debian's nginx (or one on PATH), or `undefined`. */
export declare function findNginx(): string | undefined

export interface GatewayConfigOptions {
  stateDir: string
  htmlDir: string
  httpsPort: number
  httpPort: number
  backendPorts: number[]
  certFile: string
  keyFile: string
}

/** The prod config for this machine; throws when a line it replaces is missing. */
export declare function renderGatewayConfig(template: string, options: GatewayConfigOptions): string
