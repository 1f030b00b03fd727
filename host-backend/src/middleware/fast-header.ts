import type { Context } from 'hono'
import { StratumResponse } from '../node-response.ts'

interface NodeBindings {
  incoming?: { headers?: Record<string, string | string[] | undefined> }
  outgoing?: { setHeader(name: string, value: string): unknown; headersSent?: boolean }
}

const bindings = (c: Context) => c.env as NodeBindings | undefined

/**
 * Reads a request header by its lower-case name. Under the Node server it comes straight from
 * the headers Node has already parsed (and validated), skipping the fetch `Headers` layer;
 * elsewhere (in-process requests) from the request. Repeated fields come joined with `, `.
 */
export function requestHeader(c: Context, lowerName: string): string | undefined {
  const headers = bindings(c)?.incoming?.headers
  if (!headers) return c.req.raw.headers.get(lowerName) ?? undefined
  const value = headers[lowerName]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * Sets a header that must be on the response whatever the handler returns. Under the Node server
 * it goes straight onto Node's response (merged by `writeHead`), which skips the per-header
 * validation of fetch `Headers` (measured as a large share of the stack's cost); elsewhere
 * (in-process requests) it goes through Hono's context.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = bindings(c)?.outgoing
  if (outgoing instanceof StratumResponse && !outgoing.headersSent) outgoing.fixHeader(name, value)
  else if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value)
  else c.res.headers.set(name, value)
}

/**
 * Under the Node server, fixes a flat `[name, value, …]` list of headers on the response before
 * the handler runs (one append on {@link StratumResponse}) and returns true. Returns false for
 * in-process requests, whose caller sets the headers on the finished response instead.
 */
export function fixResponseHeaders(c: Context, flat: readonly string[]): boolean {
  const outgoing = bindings(c)?.outgoing
  if (!outgoing || outgoing.headersSent) return false
  if (outgoing instanceof StratumResponse) outgoing.fixHeaders(flat)
  else for (let i = 0; i < flat.length; i += 2) outgoing.setHeader(flat[i]!, flat[i + 1]!)
  return true
}

/** True when running under the Node server (headers can be set before the handler runs). */
export const hasNodeResponse = (c: Context): boolean => Boolean(bindings(c)?.outgoing)
