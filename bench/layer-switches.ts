// Issue 15's figure: what the run-time layer switches cost the authenticated tenant-scoped read.
// Every request to a layer's routes passes core's gate (`layerGate`: a global lookup, and the
// layer's id into the context) and, once the tenant is known, layer 2's per-tenant lookup
// (`LayerSwitches.isOn(layer, tenant)`). Both run here, in process, on a state holding the
// overrides of 1,000 tenants, against the same Hono app without them, rounds alternating; the
// difference per request is then set against the clients read's own server CPU per request,
// measured by the logging bench in the same run (`pnpm bench` runs it first).
import { Hono, type MiddlewareHandler } from 'hono'
import { LayerSwitchState, layerGate, type LayerSwitchRow } from '@stratum/layer-core/server'

const TENANTS = 1_000
const REQUESTS = 100_000
const ROUNDS = 5
const LAYERS = ['core', 'auth', 'multitenant', 'authenticated', 'languages', 'logging']

const tenantIds = Array.from(
  { length: TENANTS },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
)
const rows: LayerSwitchRow[] = tenantIds.flatMap((tenantId, i) => [
  { layerId: 'languages', tenantId, enabled: i % 2 === 0, tenantAdminsMaySwitch: false },
  { layerId: 'logging', tenantId, enabled: i % 3 !== 0, tenantAdminsMaySwitch: false },
])
const state = new LayerSwitchState(LAYERS, rows)

/** Stands for the tenant middleware: the tenant is known here (resolved from a cache in the app). */
const tenant: MiddlewareHandler = (c, next) => {
  c.set('tenantId', tenantIds[Number(c.req.header('x-n')) % TENANTS])
  return next()
}
const tenantCheck: MiddlewareHandler = async (c, next) => {
  const layerId = c.get('layerId')
  if (layerId && !state.isOn(layerId, c.get('tenantId')))
    return c.json({ code: 'LAYER_DISABLED' }, 404)
  await next()
}
const handler = () => new Response('[]', { headers: { 'content-type': 'application/json' } })

const without = new Hono().basePath('/api/app').use(tenant).get('/clients', handler)
const withSwitches = new Hono()
  .basePath('/api/app')
  .use(layerGate('authenticated', (id) => state.isOn(id)))
  .use(tenant)
  .use(tenantCheck)
  .get('/clients', handler)

/** CPU µs per request of `REQUESTS` in-process requests. */
async function cpuPerRequest(app: Hono): Promise<number> {
  const started = process.cpuUsage()
  for (let i = 0; i < REQUESTS; i++) {
    const res = await app.request('/api/app/clients?page=1', { headers: { 'x-n': String(i) } })
    if (res.status !== 200) throw new Error(`unexpected ${res.status}`)
  }
  const used = process.cpuUsage(started)
  return (used.user + used.system) / REQUESTS
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

/**
 * Prints the switches' cost per request; with `readCpuUs` (the clients read's server CPU per
 * request), also as a share of it. Returns 1 when that share passes the issue's 5%.
 */
export async function runLayerSwitchesBench(readCpuUs?: number): Promise<number> {
  await cpuPerRequest(without)
  await cpuPerRequest(withSwitches)
  const base: number[] = []
  const switched: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    base.push(await cpuPerRequest(without))
    switched.push(await cpuPerRequest(withSwitches))
  }
  const cost = median(switched) - median(base)
  console.log('')
  console.log(
    `layer switches (in process, ${TENANTS} tenants with overrides, medians of ${ROUNDS})`,
  )
  console.log(
    `  Hono route ${median(base).toFixed(2)} µs CPU/request; with the gate and the tenant's switch ${median(switched).toFixed(2)} µs: +${cost.toFixed(2)} µs`,
  )
  if (readCpuUs === undefined || !Number.isFinite(readCpuUs)) return 0
  const share = Math.max(0, cost) / readCpuUs
  console.log(
    `  share of the clients read's server CPU (${Math.round(readCpuUs)} µs/request, logging bench): ${(share * 100).toFixed(2)}% (must be <= 5%)`,
  )
  return share > 0.05 ? 1 : 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runLayerSwitchesBench().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
