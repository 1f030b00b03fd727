// The languages layer's hot read: `GET /api/i18n/translations/:locale` answered from the cache
// (the version key checked, the bundle served from memory), against `GET /health` in the same
// backend and the same run. A step of `pnpm bench`, on the embedded defaults.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { runRounds, type LoadOptions, type Row } from './measurement.ts'
import { freePort, startServer, waitUntilReady, workDir } from './processes.ts'
import { describeProblems, printTable } from './report.ts'
import { call, signIn } from './sign-in.ts'

/** Global pt-BR values the bundle carries, so it is not an empty object. */
const VALUES = {
  'nav.dashboard': 'Painel',
  'nav.clients': 'Fregueses',
  'nav.projects': 'Trabalhos',
  'nav.settings': 'Preferências',
  'clients.title': 'Fregueses',
  'clients.heading': 'Fregueses',
}

/** Measures both routes and prints their table, `/health` as the baseline row; throws on errors. */
export const translationsStep = async (options: LoadOptions): Promise<Row[]> => {
  const email = `bench-i18n-${randomBytes(3).toString('hex')}@example.test`
  const env = { ...process.env }
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'SPA_DIR', 'APP_SECRET'])
    delete env[key]
  const port = await freePort()
  const server = startServer('translations', 'host-backend/src/main.ts', {
    ...env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_IP_MAX: '1000000000',
    SUPERADMIN_EMAILS: email,
    DATA_DIR: join(workDir, 'data-translations'),
  })
  const url = `http://127.0.0.1:${port}`
  try {
    await waitUntilReady(`${url}/health`, server)
    const { token } = await signIn(url, email)
    for (const [key, value] of Object.entries(VALUES))
      await call({ baseUrl: url, token }, 'PUT', '/api/admin/languages/translations', 200, {
        locale: 'pt-BR',
        namespace: 'authenticated',
        key,
        value,
      })
    // One read fills the cache; the measurement reads it back.
    await call({ baseUrl: url }, 'GET', '/api/i18n/translations/pt-BR', 200)
    const rows = await runRounds(
      [
        { name: 'GET /health', url: `${url}/health`, child: server.child },
        {
          name: 'GET /api/i18n/translations/pt-BR',
          url: `${url}/api/i18n/translations/pt-BR`,
          child: server.child,
        },
      ],
      options,
    )
    printTable(
      'languages: GET /api/i18n/translations/pt-BR from the cache (embedded); "vs bare" reads vs /health',
      rows,
    )
    const [health, bundle] = rows
    console.log(
      `translations/health throughput ratio: ${(bundle!.rps / health!.rps).toFixed(2)} (${Math.round(bundle!.rps)} / ${Math.round(health!.rps)} req/s)`,
    )
    const failed = rows.filter((row) => row.problems > 0)
    if (failed.length > 0)
      throw new Error(
        failed
          .map((row) =>
            describeProblems(
              `languages ${row.name}`,
              row.measured.map((m) => m.result),
            ),
          )
          .join('\n'),
      )
    return rows
  } finally {
    await server.stop()
  }
}
