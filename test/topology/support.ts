import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import type { Stack } from '../../scripts/lib/stack.mjs'

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
  json<T = Record<string, unknown>>(): T
}

export interface Call {
  method?: string
  headers?: Record<string, string>
  json?: unknown
}

const agents = new WeakMap<Stack, HttpsAgent>()
const plain = new HttpAgent({ keepAlive: true })

/**
 * A request through the gateway over https, checking its certificate against the stack's own
 * (the client connects to 127.0.0.1 and names `localhost`, which the certificate covers).
 */
export const viaGateway = (stack: Stack, path: string, call: Call = {}) => {
  let agent = agents.get(stack)
  if (!agent) agents.set(stack, (agent = new HttpsAgent({ keepAlive: true, ca: stack.ca })))
  return send(
    httpsRequest,
    { agent, port: stack.httpsPort, servername: 'localhost' },
    `localhost:${stack.httpsPort}`,
    path,
    call,
  )
}

/** A request straight to a replica, or to the plain http port, without TLS. */
export const direct = (port: number, path: string, call: Call = {}) =>
  send(httpRequest, { agent: plain, port }, `localhost:${port}`, path, call)

const send = (
  fn: typeof httpRequest,
  target: { agent: HttpAgent; port: number; servername?: string },
  host: string,
  path: string,
  call: Call,
) =>
  new Promise<Reply>((resolve, reject) => {
    const body = call.json === undefined ? undefined : JSON.stringify(call.json)
    const req = fn(
      {
        ...target,
        host: '127.0.0.1',
        path,
        method: call.method ?? (body ? 'POST' : 'GET'),
        headers: {
          Host: host,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...call.headers,
        },
        timeout: 30_000,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: <T>() => JSON.parse(text) as T,
          }),
        )
      },
    )
    req.once('error', reject)
    req.once('timeout', () => req.destroy(new Error(`${path}: no answer within 30 s`)))
    req.end(body)
  })

export interface LoadResult {
  requests: number
  rps: number
  non2xx: number
  errors: number
  timeouts: number
  p99: number
}

/** autocannon for `seconds` against a URL (https through the gateway, or a replica directly). */
export const load = async (url: string, seconds: number, connections = 20): Promise<LoadResult> => {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    servername: 'localhost',
    headers: { host: 'localhost' },
  })
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p99: result.latency.p99,
  }
}

/** Runs one SQL statement with psql and returns its unaligned rows. */
export const sql = (databaseUrl: string, statement: string): string[][] =>
  execFileSync('psql', [databaseUrl, '-X', '-A', '-t', '-F', '\t', '-c', statement], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))

/** A stand-in for host-frontend/dist: an index.html and one hashed asset. */
export const spaFixture = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratum-topology-spa-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>stratum spa</title><script src="/assets/app-5d41402a.js"></script>',
  )
  writeFileSync(
    join(dir, 'assets', 'app-5d41402a.js'),
    `console.log(${JSON.stringify('x'.repeat(2000))})`,
  )
  return dir
}

/**
 * Waits until the gateway sends a request to replica `port` again. A replica that failed is
 * skipped for `fail_timeout` (10 s); the topology tests wait for it before the next failure.
 */
export const untilGatewayUses = async (stack: Stack, port: number, timeoutMs = 20_000) => {
  const mark = stack.gateway.accessLog().length
  const served = new RegExp(`"GET /health HTTP/[\\d.]+" 200 .*upstream=127\\.0\\.0\\.1:${port} `)
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    await viaGateway(stack, '/health')
    if (
      stack.gateway
        .accessLog()
        .slice(mark)
        .split('\n')
        .some((line) => served.test(line))
    )
      return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the gateway did not send traffic to 127.0.0.1:${port} within ${timeoutMs} ms`)
}

/** nginx writes the access log line just after the response: wait for it, briefly. */
export const accessLogLine = async (stack: Stack, pattern: RegExp, timeoutMs = 2_000) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const line = stack.gateway
      .accessLog()
      .split('\n')
      .find((l) => pattern.test(l))
    if (line || Date.now() > deadline) return line
    await sleep(20)
  }
}

/**
 * From the access log after offset `mark`: requests replica `port` answered, and requests the
 * gateway moved to another replica after a failure (`upstream=a, b`).
 */
export const upstreamCounts = (stack: Stack, mark: number, port: number) => {
  const lines = stack.gateway.accessLog().slice(mark).split('\n')
  const answeredBy = new RegExp(`upstream=127\\.0\\.0\\.1:${port} `)
  return {
    served: lines.filter((line) => answeredBy.test(line)).length,
    movedOn: lines.filter((line) => /upstream=\S+, /.test(line)).length,
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
