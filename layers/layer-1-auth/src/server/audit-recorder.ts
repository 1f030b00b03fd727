import type { AuditInput } from '@stratum/layer-core/server'

/**
 * Records an audit event for the request being served: a route binds it to
 * `(input) => audit(c, input)`, so the services stay free of Hono.
 */
export type AuditRecorder = (input: AuditInput) => Promise<void>
