import { serve } from '@hono/node-server'
import { Hono } from 'hono'

/**
 * Baseline for `pnpm bench`: the smallest Hono app on the same server adapter as the backend, so
 * the ratio shows what the platform's middleware, routing and logging cost.
 */
const app = new Hono().get('/', (c) => c.text('Hello, world!'))

const port = Number(process.env.PORT ?? 3100)
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`bare server listening on http://127.0.0.1:${info.port}`)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)))
}
