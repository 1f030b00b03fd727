import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHost, signIn, type TestHost } from '@stratum/host-backend/testing'
import { DEMO_EMAIL, seedDemo } from '@stratum/layer-multitenant/server'
import type { Dashboard, Project } from '../shared/index.ts'
import { APP_LAYERS, body } from '../../test/app-harness.ts'
import { authenticatedDemoData } from './demo-data.ts'

describe('demo data', () => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({ target: 'postgres', layersConfig: APP_LAYERS })
  })
  afterAll(() => t?.close())

  it('gives each demo tenant clients and projects over the last months, once', async () => {
    const database = t.host.platform.database
    await seedDemo(database, [authenticatedDemoData])
    await seedDemo(database, [authenticatedDemoData])
    const demo = await signIn(t, DEMO_EMAIL)
    const get = async <T>(path: string, tenant: string) => {
      const res = await t.request(path, { headers: demo.headers(tenant) })
      expect(res.status).toBe(200)
      return body<T>(res)
    }
    const acme = await get<Dashboard>('/api/app/dashboard', 'acme')
    expect(acme.clients.active).toBe(5)
    expect(acme.projects).toEqual({ planned: 2, active: 3, done: 2, total: 7 })
    const globex = await get<Dashboard>('/api/app/dashboard', 'globex')
    expect([globex.clients.active, globex.projects.total]).toEqual([3, 3])

    const { items } = await get<{ items: Project[] }>('/api/app/projects?pageSize=50', 'acme')
    const months = new Set(items.map((p) => p.createdAt.slice(0, 7)))
    expect(months.size).toBeGreaterThanOrEqual(4)
    expect(items.every((p) => p.createdBy === demo.userId)).toBe(true)
  })
})
