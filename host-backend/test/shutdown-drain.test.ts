import { once } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Agent, get as httpGet, request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFreshPostgresDatabase, type FreshPostgresDatabase } from './support/postgres.ts'
import { spawnServer, type SpawnedServer } from './support/spawn-server.ts'

const FIXTURE_SERVER = 'host-backend/test/fixtures/start-fixture-server.ts'
const DRAIN_DELAY_MS = 1_000
/** The clients send nothing new after this, as a gateway that saw readiness go 503 would. */
const CLIENTS_STOP_AFTER_MS = 500
/** Where the signal lands: this long after a burst left every pooled socket idle. */
const OFFSETS_MS = [0, 3, 5, 6, 7, 8, 9, 25]
/** Far more than the socket buffers hold, so most of it is still queued when the server stops. */
const BIG_ASSET_BYTES = 32 * 1024 * 1024

interface Outcome {
  method: string
  sentAt: number
  status?: number
  error?: string
  connection?: string
  text?: string
  id?: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One request on a keep-alive agent; never rejects, so a failure is counted, not thrown. */
function send(
  agent: Agent,
  server: SpawnedServer,
  method: 'GET' | 'POST',
  path: string,
  text?: string,
): Promise<Outcome> {
  const sentAt = Date.now()
  const body = text === undefined ? undefined : JSON.stringify({ text })
  return new Promise((resolve) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        agent,
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        timeout: 15_000,
      },
      (res) => {
        let data = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (data += chunk))
        res.on('error', (error) => resolve({ method, sentAt, text, error: String(error) }))
        res.on('end', () => {
          if (!res.complete) return resolve({ method, sentAt, text, error: 'incomplete response' })
          const outcome: Outcome = {
            method,
            sentAt,
            text,
            status: res.statusCode,
            connection: res.headers.connection,
          }
          try {
            const parsed = JSON.parse(data) as { id?: number }
            if (typeof parsed.id === 'number') outcome.id = parsed.id
          } catch {
            outcome.error = `incomplete body: ${JSON.stringify(data.slice(0, 80))}`
          }
          resolve(outcome)
        })
      },
    )
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ method, sentAt, text, error: error.code ?? error.message }),
    )
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')))
    req.end(body)
  })
}

/**
 * Asks for the big asset and reads none of it until `readAfter` resolves: the server has called
 * `end()` long before its bytes leave.
 */
function slowReader(server: SpawnedServer, readAfter: Promise<unknown>) {
  return new Promise<{ bytes: number; complete: boolean; error?: string }>((resolve) => {
    let bytes = 0
    const req = httpGet(`${server.url}/assets/big.js`, { agent: new Agent() }, (res) => {
      res.pause()
      void readAfter.then(() => res.resume())
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('error', (error) => resolve({ bytes, complete: false, error: String(error) }))
      res.on('end', () => resolve({ bytes, complete: res.complete }))
    })
    req.on('error', (error) => resolve({ bytes, complete: false, error: String(error) }))
  })
}

/** A raw connection, so the test controls exactly which bytes arrive when. */
async function rawConnection(server: SpawnedServer) {
  const { hostname, port } = new URL(server.url)
  const socket: Socket = connect(Number(port), hostname)
  await once(socket, 'connect')
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => undefined)
  const closed = once(socket, 'close').then(() => Date.now())
  return { socket, received: () => received, closed }
}

const post = (text: string) => {
  const json = JSON.stringify({ text })
  return {
    head: 'POST /api/fixture/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n',
    rest: `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  }
}

interface RunResult {
  offset: number
  outcomes: Outcome[]
  /** When each readiness probe was answered or refused, and how. */
  readiness: Array<{ at: number; status: number | string }>
  signalledAt: number
  exitCode: number | null
  exitedAt: number
  slow: Outcome
  partial: { text: string; response: string }
  idleClosedAt: number
  bigAsset: { bytes: number; complete: boolean; error?: string }
}

/**
 * One backend process under a keep-alive client that keeps firing GETs and POSTs through SIGTERM:
 * a burst leaves four pooled sockets idle, the signal lands `offset` ms later, and the next burst
 * goes out on those idle sockets 5–9 ms after the signal, while two other sockets send back to
 * back. A slow request spans the whole drain, a raw connection starts a POST inside the delay and
 * finishes it after the server stopped accepting, and another raw connection just sits idle.
 * A slow reader is sent a large file during the delay and reads it only after the stop.
 */
async function run(database: FreshPostgresDatabase, spaDir: string, index: number, offset: number) {
  const server = await spawnServer(FIXTURE_SERVER, {
    APP_SECRET: 'drain-test-secret-0123456789-abcdefghijklmnop',
    DATABASE_URL: database.url,
    SPA_DIR: spaDir,
    SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
    SHUTDOWN_TIMEOUT_MS: '8000',
    RATE_LIMIT_MAX: '100000',
  })
  const bursty = new Agent({ keepAlive: true, maxSockets: 4 })
  const steady = new Agent({ keepAlive: true, maxSockets: 2 })
  const lone = new Agent({ keepAlive: true, maxSockets: 1 })
  const outcomes: Outcome[] = []
  let sequence = 0
  const fire = (agent: Agent, kind: number) => {
    const outcome =
      kind % 2 === 0
        ? send(agent, server, 'GET', kind % 4 === 0 ? '/health' : '/api/fixture/slow?ms=0')
        : send(agent, server, 'POST', '/api/fixture/notes', `drain-${index}-${sequence++}`)
    return outcome.then((o) => (outcomes.push(o), o))
  }
  const burst = (agent: Agent, size: number) =>
    Promise.all(Array.from({ length: size }, (_, i) => fire(agent, i)))

  try {
    // Warm both pools, then keep the steady one busy until the clients stop.
    await Promise.all([burst(bursty, 8), burst(steady, 4)])
    let stopAt = Number.POSITIVE_INFINITY
    const loop = async (kind: number) => {
      // A refused connection means the server stopped accepting: a gateway would go elsewhere.
      while (Date.now() < stopAt) if ((await fire(steady, kind++)).error === 'ECONNREFUSED') return
    }
    const steadyLoops = Promise.all([loop(0), loop(1)])

    // One request, then nothing: this connection is idle when the signal comes.
    const idle = await rawConnection(server)
    idle.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    while (!idle.received().endsWith('{"status":"ok"}')) await sleep(5)
    const partial = await rawConnection(server)
    const partialPost = post(`drain-${index}-partial`)

    const slow = send(lone, server, 'GET', `/api/fixture/slow?ms=${DRAIN_DELAY_MS + 400}`)
    await burst(bursty, 8)
    await sleep(offset)

    const signalledAt = Date.now()
    stopAt = signalledAt + CLIENTS_STOP_AFTER_MS
    server.kill('SIGTERM')
    const exited = server.exited.then((code) => ({ code, at: Date.now() }))

    const readiness: RunResult['readiness'] = []
    const probing = (async () => {
      for (;;) {
        const status = await fetch(`${server.url}/health/ready`).then(
          (res) => res.status,
          () => 'refused',
        )
        readiness.push({ at: Date.now(), status })
        if (status === 'refused') return
        await sleep(25)
      }
    })()

    // 5–9 ms after the signal, on the four sockets the last burst left idle.
    await sleep(5 + (index % 5))
    const bursts = (async () => {
      await burst(bursty, 8)
      while (Date.now() < stopAt)
        if ((await burst(bursty, 4)).some((o) => o.error === 'ECONNREFUSED')) return
    })()

    // The POST's first bytes arrive inside the delay, the rest once the server stopped accepting.
    // The big asset is asked for inside the delay too, and read from then on.
    await sleep(DRAIN_DELAY_MS / 2 - (Date.now() - signalledAt))
    partial.socket.write(partialPost.head)
    const stopped = sleep(DRAIN_DELAY_MS / 2 + 300)
    const bigAsset = slowReader(server, stopped)
    await stopped
    partial.socket.write(partialPost.rest)

    await Promise.all([steadyLoops, bursts, probing])
    const exit = await exited
    const [slowOutcome, idleClosedAt, bigAssetRead] = await Promise.all([
      slow,
      idle.closed,
      bigAsset,
    ])
    await partial.closed
    return {
      offset,
      outcomes,
      readiness,
      signalledAt,
      exitCode: exit.code,
      exitedAt: exit.at,
      slow: slowOutcome,
      partial: { text: `drain-${index}-partial`, response: partial.received() },
      idleClosedAt,
      bigAsset: bigAssetRead,
    } satisfies RunResult
  } finally {
    for (const agent of [bursty, steady, lone]) agent.destroy()
    server.kill('SIGKILL')
    await server.exited
  }
}

describe('SIGTERM with keep-alive clients', () => {
  let database: FreshPostgresDatabase
  let spaDir: string
  beforeAll(async () => {
    database = await createFreshPostgresDatabase()
    spaDir = await mkdtemp(join(tmpdir(), 'stratum-drain-spa-'))
    await mkdir(join(spaDir, 'assets'))
    await writeFile(join(spaDir, 'index.html'), '<!doctype html><title>drain</title>')
    await writeFile(join(spaDir, 'assets', 'big.js'), Buffer.alloc(BIG_ASSET_BYTES, 'x'))
  })
  afterAll(async () => {
    await database?.drop()
    if (spaDir) await rm(spaDir, { recursive: true, force: true })
  })

  it('answers every request sent through the signal, writes every POST exactly once, says 503 while draining and exits 0', async () => {
    const results: RunResult[] = []
    for (const [index, offset] of OFFSETS_MS.entries())
      results.push(await run(database, spaDir, index, offset))

    const outcomes = results.flatMap((r) => r.outcomes)
    const posts = outcomes.filter((o) => o.method === 'POST')
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const { rows } = await client.query<{ id: number; text: string }>(
      'select id, text from fixture_notes',
    )
    await client.end()
    const written = new Map<string, number[]>()
    for (const row of rows) written.set(row.text, [...(written.get(row.text) ?? []), row.id])
    // Failures by kind, e.g. `POST ECONNRESET` or `GET 503`; a failed POST that left a row says so.
    const failures: Record<string, number> = {}
    for (const o of outcomes) {
      if (o.error === undefined && o.status === 200) continue
      const kind = `${o.method} ${o.error ?? o.status}${o.text && written.has(o.text) ? ' (row written)' : ''}`
      failures[kind] = (failures[kind] ?? 0) + 1
    }
    console.log(
      `[drain] ${results.length} runs, ${outcomes.length} requests (${posts.length} POSTs) around SIGTERM; ` +
        `failed: ${JSON.stringify(failures)}; ${rows.length} rows written; ` +
        `exit codes ${results.map((r) => r.exitCode).join(' ')}; ` +
        `signal to exit ${results.map((r) => r.exitedAt - r.signalledAt).join('/')} ms`,
    )

    expect(failures).toEqual({})
    // Every POST was answered, and its row is there exactly once under the id it was given.
    for (const o of posts) expect(written.get(o.text!), o.text).toEqual([o.id])

    for (const r of results) {
      expect(r.exitCode, `run with offset ${r.offset}`).toBe(0)
      // Readiness said 503 for the whole delay, with the server still answering; then refused.
      const statuses = r.readiness.map((p) => p.status)
      const first503 = r.readiness.find((p) => p.status === 503)
      const refused = r.readiness.find((p) => p.status === 'refused')
      expect(first503, `run with offset ${r.offset}: ${statuses.join(' ')}`).toBeDefined()
      expect(statuses.slice(statuses.indexOf(503))).not.toContain(200)
      expect(refused!.at - first503!.at).toBeGreaterThan(DRAIN_DELAY_MS / 2)
      // Once readiness has said 503, every answer asks the client to close the connection.
      const afterSignal = r.outcomes.filter((o) => o.sentAt > first503!.at)
      expect(afterSignal.length).toBeGreaterThan(0)
      expect(afterSignal.filter((o) => o.connection !== 'close')).toEqual([])
      // A request in flight when the server stopped accepting finished.
      expect(r.slow).toMatchObject({ status: 200, connection: 'close' })
      // A request whose first bytes had arrived was served, then its connection closed.
      expect(r.partial.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
      expect(r.partial.response.toLowerCase()).toContain('connection: close')
      expect(written.get(r.partial.text)).toHaveLength(1)
      // A large answer still being sent when the server stopped accepting arrived in full.
      expect(r.bigAsset).toEqual({ bytes: BIG_ASSET_BYTES, complete: true })
      // An idle connection was left alone during the delay and closed after it, not at the
      // deadline (8 s after the delay).
      expect(r.idleClosedAt - r.signalledAt).toBeGreaterThanOrEqual(DRAIN_DELAY_MS)
      expect(r.exitedAt - r.signalledAt).toBeLessThan(DRAIN_DELAY_MS + 5_000)
    }
  }, 180_000)
})
