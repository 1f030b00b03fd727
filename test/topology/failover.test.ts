import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../../scripts/lib/stack.mjs'
import { findTool, needs } from '../support/tools.ts'
import {
  accessLogLine,
  direct,
  load,
  sleep,
  spaFixture,
  sql,
  untilGatewayUses,
  upstreamCounts,
  viaGateway,
  type Reply,
} from './support.ts'

const nginx = findTool('nginx')
const ADMIN_URL =
  process.env.STRATUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** One row per email in auth_otp_codes, as `email → count`. */
const codeRows = (stack: Stack, prefix: string) =>
  new Map(
    sql(
      stack.database.url,
      `select email, count(*) from auth_otp_codes where email like '${prefix}%' group by email`,
    ).map(([email, count]) => [email!, Number(count)]),
  )

/** A sign-in code request: one new row in auth_otp_codes, one mail. */
const requestCode = (stack: Stack, email: string, clientIp: string) =>
  viaGateway(stack, '/api/auth/request-otp', {
    json: { email },
    headers: { 'X-Forwarded-For': clientIp },
  })

/**
 * Replicas dying and draining behind the gateway of the `pnpm stack:prod` topology. Load is
 * autocannon on GET /health/ready (it touches PostgreSQL and Redis, and a draining replica
 * answers it 503, which the gateway retries elsewhere). The tests run in order and share one
 * stack; each brings the replica it stopped back and waits until the gateway uses it again.
 */
describe.skipIf(!nginx)(needs(nginx, 'nginx', 'production topology: failover'), () => {
  let stack: Stack
  let spaDir: string
  let loadUrl: string
  /** Recipients of every mail the stack's SMTP server received, in order. */
  const mailedTo: string[] = []

  beforeAll(async () => {
    spaDir = spaFixture()
    stack = await startStack({
      spaDir,
      postgresAdminUrl: ADMIN_URL,
      onMail: (mail) => {
        const to = Array.isArray(mail.to) ? mail.to[0] : mail.to
        mailedTo.push(to?.text ?? '')
      },
    })
    loadUrl = `https://127.0.0.1:${stack.httpsPort}/health/ready`
  }, 90_000)

  afterAll(async () => {
    await stack?.stop()
    if (spaDir) rmSync(spaDir, { recursive: true, force: true })
  }, 60_000)

  it('SIGTERM to a replica under load: the client sees no error, and the replica drains and exits 0', async () => {
    const victim = stack.backends[0]!
    const start = stack.gateway.accessLog().length
    const running = load(loadUrl, 5)
    await sleep(1_500)
    const signalled = stack.gateway.accessLog().length
    victim.proc.signal('SIGTERM')
    const exit = await victim.proc.exited
    const result = await running
    const before = upstreamCounts(stack, start, victim.port)
    const after = upstreamCounts(stack, signalled, victim.port)
    console.log(
      `[topology] SIGTERM under load: ${result.requests} requests, ${result.non2xx} non-2xx, ${result.errors} errors; ` +
        `replica exit ${exit.code}; ${after.movedOn} requests moved to the other replica by the gateway`,
    )
    // It was serving its share when the signal came.
    expect(before.served).toBeGreaterThan(100)
    expect(exit).toEqual({ code: 0, signal: null })
    expect(result.requests).toBeGreaterThan(500)
    expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    })

    await stack.restartBackend(1)
    await untilGatewayUses(stack, victim.port)
  }, 45_000)

  it('SIGKILL of a replica during GET load and a run of POSTs: no GET fails, every POST is written exactly once, and its code mail arrives once', async () => {
    const victim = stack.backends[1]!
    const posts = 24
    const killAfter = 8
    const start = stack.gateway.accessLog().length
    let killed = 0
    const running = load(loadUrl, 8)
    await sleep(500)
    const replies: Reply[] = []
    let exit: Awaited<Stack['backends'][number]['proc']['exited']> | undefined
    for (let i = 0; i < posts; i++) {
      replies.push(
        await requestCode(stack, `topology-kill-${i}@example.com`, `198.51.100.${100 + i}`),
      )
      if (i + 1 === killAfter) {
        // Between two POSTs, while the GETs are in flight: a POST already sent to the dying
        // replica could not be retried safely (see the next test); the later ones find it dead
        // when they connect, and the gateway sends them to the other replica.
        killed = stack.gateway.accessLog().length
        victim.proc.signal('SIGKILL')
        exit = await victim.proc.exited
        await sleep(100)
      }
      await sleep(150)
    }
    const result = await running
    const rows = codeRows(stack, 'topology-kill-')
    const before = upstreamCounts(stack, start, victim.port)
    const after = upstreamCounts(stack, killed, victim.port)
    console.log(
      `[topology] SIGKILL under load: ${result.requests} GETs, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${after.movedOn} moved to the other replica by the gateway; ` +
        `${posts} POSTs: ${replies.filter((r) => r.status === 202).length} accepted, ${rows.size} emails with rows, ${[...rows.values()].reduce((a, b) => a + b, 0)} rows`,
    )
    expect(before.served).toBeGreaterThan(100)
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' })
    expect(result.requests).toBeGreaterThan(500)
    expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    })
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: posts }, () => 202))
    expect(rows.size).toBe(posts)
    expect([...rows.values()].every((count) => count === 1)).toBe(true)

    // Each request queued its code mail; the replicas' workers sent them while one was killed.
    // A mail job the dead replica held is retried by the survivor once its try times out (60 s,
    // found by pg-boss's maintenance every 30 s): every mail arrives, and arrives once.
    const emails = Array.from({ length: posts }, (_, i) => `topology-kill-${i}@example.com`)
    const mailsTo = (address: string) => mailedTo.filter((to) => to.includes(address)).length
    const waitStarted = Date.now()
    while (!emails.every((address) => mailsTo(address) > 0) && Date.now() - waitStarted < 120_000)
      await sleep(250)
    await sleep(2_000)
    console.log(
      `[topology] code mails after SIGKILL: ${emails.filter((a) => mailsTo(a) > 0).length}/${posts} delivered, ` +
        `last one ${Date.now() - waitStarted - 2_000} ms after the POSTs`,
    )
    expect(emails.map(mailsTo)).toEqual(emails.map(() => 1))

    await stack.restartBackend(2)
    await untilGatewayUses(stack, victim.port)
  }, 200_000)

  it('measures what the gateway (TLS, nginx, upstream keepalive) costs against one replica directly, without errors', async () => {
    // Alternating short runs, so load from other test files skews both sides alike.
    const path = '/health'
    const targets = {
      gateway: `https://127.0.0.1:${stack.httpsPort}${path}`,
      alone: `${stack.backends[0]!.url}${path}`,
    }
    const totals = {
      gateway: { requests: 0, problems: 0, p99: 0 },
      alone: { requests: 0, problems: 0, p99: 0 },
    }
    for (const url of Object.values(targets)) await load(url, 1)
    const rounds = 3
    const seconds = 1.5
    for (let round = 0; round < rounds; round++) {
      for (const side of ['gateway', 'alone'] as const) {
        const run = await load(targets[side], seconds)
        totals[side].requests += run.requests
        totals[side].problems += run.non2xx + run.errors + run.timeouts
        totals[side].p99 = Math.max(totals[side].p99, run.p99)
      }
    }
    const rps = (side: keyof typeof totals) => totals[side].requests / (rounds * seconds)
    console.log(
      `[topology] GET ${path}, 20 connections: gateway (https, 2 replicas) ${Math.round(rps('gateway'))} req/s, p99 ${totals.gateway.p99} ms; ` +
        `one replica directly ${Math.round(rps('alone'))} req/s, p99 ${totals.alone.p99} ms; ratio ${(rps('gateway') / rps('alone')).toFixed(2)}`,
    )
    expect(totals.gateway.problems + totals.alone.problems).toBe(0)
    expect(totals.gateway.requests).toBeGreaterThan(1000)
  }, 40_000)

  it('a POST already sent to a replica that dies is answered 502 and not replayed on the other; GETs in flight move over', async () => {
    // SIGSTOP first: requests the gateway sends to this replica wait, unanswered, until SIGKILL.
    const victim = stack.backends[0]!
    victim.proc.signal('SIGSTOP')
    const posts = Array.from({ length: 6 }, (_, i) =>
      requestCode(stack, `topology-stuck-${i}@example.com`, `198.51.100.${200 + i}`).then(
        (reply) => ({ i, reply }),
      ),
    )
    await sleep(300)
    const mark = stack.gateway.accessLog().length
    const gets = Array.from({ length: 6 }, () => viaGateway(stack, '/health/ready'))
    await sleep(700)
    victim.proc.signal('SIGKILL')
    await victim.proc.exited

    const postReplies = await Promise.all(posts)
    const getReplies = await Promise.all(gets)
    const rows = codeRows(stack, 'topology-stuck-')
    const failed = postReplies.filter(({ reply }) => reply.status === 502)
    const accepted = postReplies.filter(({ reply }) => reply.status === 202)
    console.log(
      `[topology] POSTs in flight on a killed replica: ${failed.length} answered 502, ${accepted.length} accepted by the other replica`,
    )

    expect(getReplies.map((r) => r.status)).toEqual(Array.from({ length: 6 }, () => 200))
    // Some of them had been sent to the stopped replica and were moved over.
    await accessLogLine(stack, /"GET \/health\/ready HTTP\/1\.1" 200 .*upstream=\S+, /)
    expect(upstreamCounts(stack, mark, victim.port).movedOn).toBeGreaterThan(0)
    // Round robin sent some POSTs to the stopped replica.
    expect(failed.length).toBeGreaterThan(0)
    expect(failed.length + accepted.length).toBe(6)
    // Not replayed: the replica that died never ran them, and the other one did not either.
    for (const { i } of failed)
      expect(rows.get(`topology-stuck-${i}@example.com`), `POST ${i}`).toBeUndefined()
    for (const { i } of accepted)
      expect(rows.get(`topology-stuck-${i}@example.com`), `POST ${i}`).toBe(1)
    expect((await direct(stack.backends[1]!.port, '/health/ready')).status).toBe(200)
  }, 30_000)
})
