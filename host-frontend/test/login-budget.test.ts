import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  firstLoadJs,
  gzipTotal,
  hasChromium,
  scriptsLoadedBy,
  startBrowserApp,
  type BrowserApp,
} from './browser-kit.ts'

/**
 * Budget of the JavaScript the login page loads, gzip -9. Issue 12 asks for 1.3× a bare Vite +
 * Vue + vue-router + pinia + vue-i18n scaffold of the same versions; the scaffold measured
 * 55.5 KiB (`npx tsx bench/run.ts --steps login-page`, 2026-12-02: 2 files, by its build manifest
 * and loaded in Chromium alike), which makes 72.1 KiB. The app measured 69.2 KiB in 10 files
 * first; the app shell's start route and viewer store, the record of what each layer installs
 * and the logging layer's early error hook took it to 73.4 KiB (1.32×), and the same bench read
 * 72.5 KiB in 7 files (1.31×) just before two build changes won it back: the layer loaders take
 * only `clientLayer`, so core's client entry (which the host also imports statically) no longer
 * keeps every export in the entry chunk; and everything the entry imports statically shares one
 * chunk. Since: 70.9 KiB in 6 files (1.28×), by the build manifest and in Chromium alike.
 * Until 2026-12-03 this test built the SPA with Vue's single-file components compiled as in
 * development (`buildSpa` ran under Vitest's `NODE_ENV=test`), about 1.1 KiB more than the
 * build that ships; it now builds as production does: 71.2 KiB (1.28×), the bench's figure too.
 */
const BUDGET_BYTES = Math.round(72.1 * 1024)

/** What `/login` downloads: the entry, the base theme, auth's client half and the page. */
const LOGIN_SOURCES = [
  'themes/base/theme.config.ts',
  'layer-1-auth/src/client/index.ts',
  'layer-1-auth/src/client/pages/LoginPage.vue',
]

let app: BrowserApp | undefined

describe('the login page’s JavaScript budget', () => {
  beforeAll(async () => {
    app = await startBrowserApp('login-budget')
  }, 120_000)
  afterAll(() => app?.close())

  it('stays within its budget (1.3× the bare scaffold), by the build manifest', async () => {
    const chunks = await firstLoadJs(app!.spaDir, LOGIN_SOURCES)
    const total = chunks.reduce((sum, c) => sum + c.gzipBytes, 0)
    const list = chunks.map((c) => `${c.file} ${c.gzipBytes}`).join('\n')
    expect(total, list).toBeLessThanOrEqual(BUDGET_BYTES)
    // zod, vue-i18n's message compiler and the client halves of layers 2 and 3 stay out.
    expect(list).not.toMatch(/schemas|shared-/)
  })

  it.skipIf(!hasChromium())('loads exactly those files in Chromium', async () => {
    const loaded = await scriptsLoadedBy(app!.browser, `${app!.server.url}/login`, {
      ready: 'form',
    })
    const chunks = await firstLoadJs(app!.spaDir, LOGIN_SOURCES)
    expect(loaded.map((s) => path.basename(new URL(s.url).pathname)).sort()).toEqual(
      chunks.map((c) => path.basename(c.file)).sort(),
    )
    expect(gzipTotal(loaded)).toBeLessThanOrEqual(BUDGET_BYTES)
  })
})
