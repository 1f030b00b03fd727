import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startThrowawayRedis } from './support/throwaway-redis.ts'
import { createFreshPostgresDatabase } from './support/postgres.ts'
import { runScript, spawnServer } from './support/spawn-server.ts'

const FIXTURE_SERVER = 'host-backend/test/fixtures/start-fixture-server.ts'
const SECRET = { APP_SECRET: 'process-test-secret-0123456789-abcdefghijklmnop' }

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stratum-proc-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('two processes on one empty database', () => {
  it('both come up and the migrations are applied exactly once', async () => {
    const fresh = await createFreshPostgresDatabase()
    try {
      const env = { ...SECRET, DATABASE_URL: fresh.url }
      const [a, b] = await Promise.all([
        spawnServer(FIXTURE_SERVER, env),
        spawnServer(FIXTURE_SERVER, env),
      ])
      try {
        for (const server of [a, b]) {
          const ready = await fetch(`${server.url}/health/ready`)
          expect(ready.status).toBe(200)
        }
        const client = new pg.Client({ connectionString: fresh.url })
        await client.connect()
        const { rows } = await client.query<{ name: string }>(
          'select name from fixture_migration order by name',
        )
        await client.end()
        expect(rows.map((r) => r.name)).toEqual([
          '20260101000000_notes',
          '20260101000001_notes_created_at',
        ])
      } finally {
        a.kill()
        b.kill()
        await Promise.all([a.exited, b.exited])
      }
    } finally {
      await fresh.drop()
    }
  })
})

describe('graceful shutdown', () => {
  it('lets an in-flight request finish on SIGTERM, then exits 0', async () => {
    const server = await spawnServer(FIXTURE_SERVER, {
      ...SECRET,
      DATA_DIR: join(dataDir, 'sigterm'),
    })
    const started = Date.now()
    const slow = fetch(`${server.url}/api/fixture/slow?ms=1500`)
    await new Promise((r) => setTimeout(r, 300))
    server.kill('SIGTERM')
    const res = await slow
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ waited: 1500 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500)
    expect(await server.exited).toBe(0)
    // Once it has drained, nothing listens any more.
    await expect(fetch(`${server.url}/health`)).rejects.toThrow()
  })
})

describe('main entry point', () => {
  it('refuses to start with core disabled, naming it in one sentence', async () => {
    const file = join(dataDir, 'no-core.config.mjs')
    await writeFile(file, "export default { layers: [{ name: 'core', enabled: false }] }\n")
    const { code, output } = await runScript('host-backend/src/main.ts', {
      ...SECRET,
      LAYERS_CONFIG: file,
      DATA_DIR: join(dataDir, 'nocore'),
    })
    expect(code).toBe(1)
    expect(output).toContain(
      "Stratum cannot start: Layer 'core' is disabled in layers.config.ts, and every Stratum app needs it.",
    )
  })

  it('`pnpm layers check` exits non-zero with the sentence', async () => {
    const file = join(dataDir, 'bad.config.mjs')
    await writeFile(
      file,
      "export default { layers: [{ name: 'core', enabled: true }, { name: 'ghost', enabled: true }] }\n",
    )
    const bad = await runScript('host-backend/src/cli/layers.ts', { LAYERS_CONFIG: file }, [
      'check',
    ])
    expect(bad.code).toBe(1)
    expect(bad.output.trim()).toBe(
      "Layer 'ghost' in layers.config.ts is unknown: no package under layers/ declares it.",
    )
    const good = await runScript('host-backend/src/cli/layers.ts', {}, [])
    expect(good.code).toBe(0)
    expect(good.output).toContain('Resolved order:')
    expect(good.output).toContain('Dependency tree:')
  })
})

describe('over a real socket', () => {
  it('rejects a chunked body over the limit with 413 in the error shape', async () => {
    const server = await spawnServer(FIXTURE_SERVER, {
      ...SECRET,
      DATA_DIR: join(dataDir, 'chunked'),
      BODY_LIMIT_BYTES: '1024',
    })
    try {
      const { status, headers, body } = await new Promise<{
        status: number
        headers: Record<string, unknown>
        body: string
      }>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/api/fixture/echo`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          },
          (res) => {
            let data = ''
            res.on('data', (c: Buffer) => (data += c.toString()))
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }),
            )
          },
        )
        req.on('error', reject)
        req.write('{"name": "')
        for (let i = 0; i < 8; i++) req.write('x'.repeat(512))
        req.end('", "count": 1}')
      })
      expect(headers['transfer-encoding'] ?? '').not.toBe('identity')
      expect(status).toBe(413)
      const parsed = JSON.parse(body) as { code: string; requestId: string }
      expect(parsed.code).toBe('PAYLOAD_TOO_LARGE')
      expect(parsed.requestId).toBe(headers['x-request-id'])
    } finally {
      server.kill()
      await server.exited
    }
  })
})

describe('readiness when Redis stops', () => {
  it('says the cache is down within 1 s', async () => {
    const redis = await startThrowawayRedis()
    try {
      const server = await spawnServer(FIXTURE_SERVER, {
        ...SECRET,
        DATA_DIR: join(dataDir, 'redis-down'),
        REDIS_URL: redis.url,
      })
      try {
        expect((await fetch(`${server.url}/health/ready`)).status).toBe(200)
        await redis.stop()
        const started = Date.now()
        const res = await fetch(`${server.url}/health/ready`)
        const elapsed = Date.now() - started
        expect(res.status).toBe(503)
        const body = (await res.json()) as { code: string; error: string; details: unknown }
        expect(body.code).toBe('NOT_READY')
        expect(body.error).toBe('Not ready: cache down.')
        expect(body.details).toEqual({ checks: { database: 'up', cache: 'down' } })
        expect(elapsed).toBeLessThan(1000)
        // Liveness touches nothing, so it still answers.
        expect((await fetch(`${server.url}/health`)).status).toBe(200)
        // Routes behind the global rate limit keep serving, limited per process meanwhile.
        const limited = await fetch(`${server.url}/api/core/info`)
        expect(limited.status).toBe(200)
        expect(limited.headers.get('ratelimit-remaining')).not.toBeNull()
      } finally {
        server.kill()
        await server.exited
      }
    } finally {
      await redis.stop()
    }
  })
})
