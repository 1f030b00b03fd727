import type { Context } from 'hono'

interface NodeBindings {
  outgoing?: { setHeader(name: string, value: string): unknown; headersSent?: boolean }
}

/**
 * Sets a header that must be on the response whatever the handler returns. Under the Node server
 * it goes straight onto Node's response (merged by `writeHead`), which skips the per-header
 * validation of fetch `Headers` (measured as a large share of the stack's cost); elsewhere
 * (in-process requests) it goes through Hono's context.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value)
  else c.res.headers.set(name, value)
}

/** True when running under the Node server (headers can be set before the handler runs). */
export const hasNodeResponse = (c: Context): boolean => Boolean((c.env as NodeBindings | undefined)?.outgoing)
