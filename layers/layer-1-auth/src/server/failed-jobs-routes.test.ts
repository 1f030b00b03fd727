import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineServerLayer } from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'
import {
  captureLogger,
  createTestHost,
  signIn,
  TEST_TARGETS,
  type TestHost,
} from '@stratum/host-backend/testing'
import { AUTH_LAYERS } from '../../test/auth-harness.ts'

declare module '@stratum/layer-core/server' {
  interface StratumJobs {
    'relay.deliver': { to: string; secret: string }
  }
}

/** A layer whose one job type always fails, like a mail to a server that refuses it. */
const relayLayer = defineServerLayer({
  manifest: defineManifest({
    id: 'relay',
    number: 91,
    priority: 100,
    dependsOn: ['core'],
    version: '0.0.1',
  }),
  init: (ctx) => {
    ctx.jobs.define({
      name: 'relay.deliver',
      payload: z.object({ to: z.string(), secret: z.string() }),
      retry: { limit: 1, delaySeconds: 1, backoff: false },
      handler: async ({ to }) => {
        throw new Error(`550 mailbox ${to} unavailable`)
      },
    })
    return {}
  },
})

describe.each(TEST_TARGETS)('failed jobs for operators on %s', (target) => {
  let t: TestHost
  const { logger, entries } = captureLogger()
  beforeAll(async () => {
    t = await createTestHost({
      target,
      layersConfig: { layers: [...AUTH_LAYERS.layers, { name: 'relay', enabled: true }] },
      extraLayers: [relayLayer],
      env: { SUPERADMIN_EMAILS: 'ops@example.test' },
      logger,
    })
  })
  afterAll(() => t?.close())

  it('logs the final failure once and lists it to superadmins only, without its payload', async () => {
    await t.host.platform.jobs.enqueue('relay.deliver', {
      to: 'nobody@example.test',
      secret: 'do-not-show-me',
    })
    const deadline = Date.now() + 15_000
    while (!entries.some((e) => e.message === 'job failed after its last retry')) {
      if (Date.now() > deadline) throw new Error('the job never failed for good')
      await t.host.platform.jobs.whenIdle().catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const errors = entries.filter((e) => e.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ job: 'relay.deliver', retryCount: 1 })
    expect(JSON.stringify(entries)).not.toContain('do-not-show-me')

    const ops = await signIn(t, 'ops@example.test')
    const viewer = await signIn(t, 'viewer@example.test')
    const list = async (headers: Record<string, string>, query = '') => {
      // pg-boss records the failure just after the handler threw.
      for (let i = 0; ; i++) {
        const res = await t.request(`/api/admin/auth/failed-jobs${query}`, { headers })
        const body = (await res.json()) as { jobs?: unknown[] }
        if (res.status !== 200 || (body.jobs?.length ?? 0) > 0 || i > 50) return { res, body }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    const { res, body } = await list(ops.headers())
    expect(res.status).toBe(200)
    expect(body.jobs).toEqual([
      {
        id: expect.any(String),
        name: 'relay.deliver',
        retryCount: 1,
        createdAt: expect.any(String),
        failedAt: expect.any(String),
        error: '550 mailbox nobody@example.test unavailable',
      },
    ])
    expect(JSON.stringify(body)).not.toContain('do-not-show-me')
    expect((await list(ops.headers(), '?name=auth.otp-mail')).body.jobs).toEqual([])
    expect((await list(ops.headers(), '?limit=0')).res.status).toBe(400)
    expect((await list(viewer.headers())).res.status).toBe(403)
    expect((await t.request('/api/admin/auth/failed-jobs')).status).toBe(401)
  }, 30_000)
})
