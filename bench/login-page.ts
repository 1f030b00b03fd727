import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { serveSpa } from '../host-backend/src/spa/serve-spa.ts'
import {
  buildSpa,
  CHROMIUM,
  firstLoadJs,
  gzipTotal,
  hasChromium,
  launchChromium,
  scriptsLoadedBy,
  type ChunkSize,
  type LoadedScript,
} from '@stratum/host-frontend/test/browser-kit.ts'
import { Hono } from 'hono'
import { runLighthouse, type LighthouseScores } from './lighthouse.ts'
import { buildScaffold } from './login-scaffold.ts'
import { freePort, startServer, waitUntilReady, workDir } from './processes.ts'

/** What `/login` downloads in the app, by the build manifest: see `firstLoadJs`. */
export const APP_LOGIN_SOURCES = [
  'themes/base/theme.config.ts',
  'layer-1-auth/src/client/index.ts',
  'layer-1-auth/src/client/pages/LoginPage.vue',
]
const SCAFFOLD_LOGIN_SOURCES = ['src/views/LoginView.vue']
/** Goal of issue 12: the login page's JavaScript at most 1.3× the scaffold's. */
const TARGET_RATIO = 1.3

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const total = (chunks: readonly ChunkSize[]) => chunks.reduce((sum, c) => sum + c.gzipBytes, 0)

function printSizes(title: string, app: number, appFiles: number, bare: number, bareFiles: number) {
  console.log('')
  console.log(title)
  console.log(`  scaffold  ${kib(bare).padStart(10)} in ${bareFiles} files`)
  console.log(`  app       ${kib(app).padStart(10)} in ${appFiles} files`)
  const ratio = app / bare
  const verdict = ratio <= TARGET_RATIO ? 'within' : 'OVER'
  console.log(`  ratio     ${ratio.toFixed(2)}× (${verdict} the ${TARGET_RATIO}× goal)`)
}

function printLighthouse(name: string, s: LighthouseScores) {
  console.log(
    `  ${name.padEnd(9)} perf ${s.performance}, a11y ${s.accessibility}, best practices ${s.bestPractices}; ` +
      `FCP ${(s.fcpMs / 1000).toFixed(1)} s, LCP ${(s.lcpMs / 1000).toFixed(1)} s, TBT ${Math.round(s.tbtMs)} ms, ` +
      `CLS ${s.cls.toFixed(3)}, unused JS ${kib(s.unusedJsBytes)}`,
  )
  if (s.failing.length > 0) console.log(`            below 0.9: ${s.failing.join(', ')}`)
}

/** Serves a built SPA folder the way the embedded backend does, on a free port. */
async function serveFolder(dir: string): Promise<{ url: string; server: ServerType }> {
  const app = new Hono()
  app.use(await serveSpa(dir))
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** The in-browser half: both login pages loaded in Chromium, then Lighthouse on each. */
async function measureInChromium(appDir: string, scaffoldDir: string): Promise<void> {
  const port = await freePort()
  const backend = startServer('login-page', 'host-backend/src/main.ts', {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SPA_DIR: appDir,
    DATA_DIR: path.join(workDir, 'login-page-data'),
  })
  const appUrl = `http://127.0.0.1:${port}`
  const scaffold = await serveFolder(scaffoldDir)
  try {
    await waitUntilReady(`${appUrl}/health`, backend)
    const browser = await launchChromium()
    let app: LoadedScript[]
    let bare: LoadedScript[]
    try {
      app = await scriptsLoadedBy(browser, `${appUrl}/login`, { ready: 'form' })
      bare = await scriptsLoadedBy(browser, `${scaffold.url}/login`, { ready: 'form' })
    } finally {
      await browser.close()
    }
    printSizes(
      'login page JS loaded in Chromium (each script gzip -9, summed)',
      gzipTotal(app),
      app.length,
      gzipTotal(bare),
      bare.length,
    )
    console.log('')
    console.log('Lighthouse 12, mobile (simulated slow 4G, 4× CPU), Chromium headless:')
    printLighthouse('scaffold', await runLighthouse(`${scaffold.url}/login`, CHROMIUM))
    printLighthouse('app', await runLighthouse(`${appUrl}/login`, CHROMIUM))
  } finally {
    scaffold.server.close()
    await backend.stop()
  }
}

/**
 * `pnpm bench --steps login-page`: builds the app and a bare scaffold in this run, compares the
 * gzip JavaScript their login pages load (by the build manifests always; in Chromium too when
 * Debian's Chromium is installed) and runs Lighthouse on both. Returns the exit code.
 */
export async function runLoginPage(): Promise<number> {
  console.log('')
  console.log('login page: the app built with host-frontend/vite.config.ts, against a bare')
  console.log(
    'Vite + Vue + vue-router + pinia + vue-i18n scaffold of the same versions (login-scaffold.ts)',
  )
  const appDir = await mkdtemp(path.join(tmpdir(), 'stratum-login-spa-'))
  const scaffoldDir = await buildScaffold()
  try {
    await buildSpa(appDir)
    const [app, bare] = await Promise.all([
      firstLoadJs(appDir, APP_LOGIN_SOURCES),
      firstLoadJs(scaffoldDir, SCAFFOLD_LOGIN_SOURCES),
    ])
    printSizes(
      'login page JS by the build manifests (entry + boot imports + page, gzip -9)',
      total(app),
      app.length,
      total(bare),
      bare.length,
    )
    for (const chunk of [...app].sort((a, b) => b.gzipBytes - a.gzipBytes))
      console.log(`    ${chunk.file.padEnd(48)} ${kib(chunk.gzipBytes).padStart(10)}`)
    if (hasChromium()) await measureInChromium(appDir, scaffoldDir)
    else {
      console.log('')
      console.log(
        `No Chromium at ${CHROMIUM}: the in-browser measurement and Lighthouse are skipped.`,
      )
    }
    return 0
  } finally {
    await rm(appDir, { recursive: true, force: true })
    await rm(path.dirname(scaffoldDir), { recursive: true, force: true })
  }
}
