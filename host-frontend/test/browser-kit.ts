import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { spawnServer, type SpawnedServer } from '@stratum/host-backend/testing'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build, mergeConfig, type Manifest } from 'vite'
import { createFrontendConfig } from '../vite.config.ts'

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = (): boolean => existsSync(CHROMIUM)

/** Headless Chromium with the flags this machine needs, plus `extraArgs`. */
export const launchChromium = (extraArgs: readonly string[] = []): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      ...extraArgs,
    ],
  })

/**
 * Builds the SPA for production with the workspace's `layers.config.ts` into `outDir`, as
 * `npm run build` does. Vitest sets `NODE_ENV=test`, which would otherwise keep Vue's development
 * code in the bundle, and which Vite reads to decide whether this is a production build: under
 * it, single-file components were compiled as in development (about 1.1 KiB more of gzip JS on
 * the login page). So `NODE_ENV` is `production` while the build runs. A temp folder rather than
 * host-frontend/dist, so a run never serves, or leaves behind, a stale build.
 */
export async function buildSpa(outDir: string, layersConfigFile?: string): Promise<void> {
  const production = { define: { 'process.env.NODE_ENV': JSON.stringify('production') } }
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      ...mergeConfig(createFrontendConfig({ outDir, layersConfigFile }), production),
      configFile: false,
      logLevel: 'silent',
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
}

/** One JavaScript file of a first load, with its gzip size. */
export interface ChunkSize {
  readonly file: string
  readonly gzipBytes: number
}

/**
 * The JavaScript a first visit downloads, read from the build manifest: the entry with its static
 * imports, then each lazily loaded module the boot asks for (`sources`: source paths matched by
 * their ending, such as the theme, the client halves of the layers installed up front, the page
 * and its messages), each with its static imports. Sizes are gzip level 9.
 */
export async function firstLoadJs(
  outDir: string,
  sources: readonly string[],
): Promise<ChunkSize[]> {
  const manifest = JSON.parse(
    await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8'),
  ) as Manifest
  const key = (suffix: string) => {
    let found = Object.keys(manifest).filter((k) => k.endsWith(suffix))
    // A layer's client entry that other layers import is folded into a shared chunk without a
    // source name: it is the chunk that lazily imports that layer's own pages.
    const layerDir = /^(.*\/src\/client\/)index\.ts$/.exec(suffix)?.[1]
    if (found.length === 0 && layerDir) {
      found = Object.keys(manifest).filter((k) =>
        manifest[k]!.dynamicImports?.some((d) => d.includes(layerDir) && d.endsWith('.vue')),
      )
    }
    if (found.length !== 1) {
      throw new Error(`${found.length} chunks for ${suffix} in the build manifest; expected one.`)
    }
    return found[0]!
  }
  const files = new Set<string>()
  const visit = (name: string) => {
    const chunk = manifest[name]
    if (!chunk || files.has(chunk.file)) return
    if (chunk.file.endsWith('.js')) files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const entry of ['index.html', ...sources.map(key)]) visit(entry)
  return Promise.all(
    [...files].map(async (file) => ({
      file,
      gzipBytes: gzipSync(await readFile(path.join(outDir, file)), { level: 9 }).length,
    })),
  )
}

/** The sign-in code in the newest mail to `email`, read from the dev mailbox API at `origin`. */
export async function codeFromMailbox(origin: string, email: string): Promise<string> {
  // Mails go out through a job worker: allow a loaded machine up to 20 s.
  for (let attempt = 0; attempt < 200; attempt++) {
    const res = await fetch(`${origin}/api/core/dev/mailbox`)
    const { messages } = (await res.json()) as {
      messages: { to: string; text: string; sentAt: string }[]
    }
    const mail = messages
      .filter((m) => m.to.includes(email))
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0]
    const code = mail && /\b(\d{6})\b/.exec(mail.text)?.[1]
    if (code) return code
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No sign-in code arrived for ${email}.`)
}

interface ThemeFile {
  default: { title: string; variables: Record<string, string> }
}

/** A theme's config, loaded by path so the server type-check does not follow it into client types. */
export const theme = async (name: string): Promise<ThemeFile['default']> =>
  (
    (await import(
      /* @vite-ignore */ fileURLToPath(
        new URL(`../../themes/${name}/theme.config.ts`, import.meta.url),
      )
    )) as ThemeFile
  ).default

/** `#0f766e` → `rgb(15, 118, 110)`, as computed styles report colours. */
export const rgb = (hex: string): string =>
  `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`

/** Collects uncaught page errors and CSP violations; a test expects the list to stay empty. */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) =>" +
      " console.error('CSP: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber))",
  )
  page.on('console', (m) => m.text().startsWith('CSP:') && problems.push(m.text()))
  return problems
}

/** The built SPA served by a real backend process, and a Chromium to drive it. */
export interface BrowserApp {
  readonly browser: Browser
  readonly server: SpawnedServer
  /** The temp folder the SPA was built into. */
  readonly spaDir: string
  /** Full-page screenshot `<name>.png` in the artifacts folder. */
  shot(page: Page, name: string): Promise<Buffer>
  close(): Promise<void>
}

/** Options of {@link startBrowserApp}. */
export interface BrowserAppOptions {
  /**
   * Another layers configuration (relative to the repository root) for both the SPA build and
   * the backend (`LAYERS_CONFIG`), to test a layer the workspace still has disabled.
   * @default the workspace's layers.config.ts
   */
  layersConfig?: string
  /** Extra Chromium flags (`--host-resolver-rules=…` for theme subdomains). */
  chromiumArgs?: readonly string[]
}

/**
 * Builds the SPA into a temp folder, starts `host-backend/src/main.ts` on it with a fresh
 * embedded database (plus `env`), and launches Chromium meanwhile. Screenshots go to
 * `test-artifacts/<name>`.
 */
export async function startBrowserApp(
  name: string,
  env: Record<string, string> = {},
  options: BrowserAppOptions = {},
): Promise<BrowserApp> {
  const spaDir = await mkdtemp(path.join(tmpdir(), `stratum-${name}-spa-`))
  const dataDir = await mkdtemp(path.join(tmpdir(), `stratum-${name}-data-`))
  const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts', name)
  await mkdir(artifacts, { recursive: true })
  const launched = launchChromium(options.chromiumArgs)
  let server: SpawnedServer | undefined
  const root = path.resolve(import.meta.dirname, '../..')
  try {
    await buildSpa(
      spaDir,
      options.layersConfig ? path.resolve(root, options.layersConfig) : undefined,
    )
    server = await spawnServer(
      'host-backend/src/main.ts',
      {
        SPA_DIR: spaDir,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...(options.layersConfig ? { LAYERS_CONFIG: options.layersConfig } : {}),
        ...env,
      },
      45_000,
    )
  } catch (error) {
    await (await launched).close()
    throw error
  }
  const browser = await launched
  return {
    browser,
    server,
    spaDir,
    shot: (page, shotName) =>
      page.screenshot({ path: path.join(artifacts, `${shotName}.png`), fullPage: true }),
    async close() {
      await browser.close()
      server.kill()
      await server.exited
      await rm(spaDir, { recursive: true, force: true })
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A script a page loaded, with its size as served and gzip-compressed. */
export interface LoadedScript {
  readonly url: string
  readonly bytes: number
  readonly gzipBytes: number
}

/**
 * Opens `url` in a fresh context (empty cache) and lists every script the page loads until the
 * network is idle and `ready` shows, each with its gzip size (`zlib` level 9, computed here from
 * the decoded body, so servers that compress and servers that do not are compared alike).
 */
export async function scriptsLoadedBy(
  browser: Browser,
  url: string,
  { ready, locale = 'en-US' }: { ready?: string; locale?: string } = {},
): Promise<LoadedScript[]> {
  const context = await browser.newContext({ locale })
  try {
    const page = await context.newPage()
    const scripts: Promise<LoadedScript>[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return
      scripts.push(
        response.body().then((body) => ({
          url: response.url(),
          bytes: body.length,
          gzipBytes: gzipSync(body, { level: 9 }).length,
        })),
      )
    })
    await page.goto(url, { waitUntil: 'networkidle' })
    if (ready) await page.waitForSelector(ready)
    await page.waitForLoadState('networkidle')
    return await Promise.all(scripts)
  } finally {
    await context.close()
  }
}

/** Total gzip bytes of `scripts`. */
export const gzipTotal = (scripts: readonly LoadedScript[]): number =>
  scripts.reduce((sum, s) => sum + s.gzipBytes, 0)

/**
 * Switches the app to English with the header's language select, as a person would. The demo
 * user's saved language (pt-BR) applies at sign-in, and tests written in English words use this.
 */
export async function switchToEnglish(page: Page): Promise<void> {
  const select = page.getByTestId('locale-select').locator('select').first()
  if ((await select.inputValue()) === 'en-US') return
  // On a phone the language select sits in the shell's folded menu: choose on a wide window.
  const viewport = page.viewportSize()
  const narrow = viewport !== null && viewport.width < 640
  if (narrow) await page.setViewportSize({ width: 1280, height: viewport.height })
  await page.getByTestId('locale-select').locator('select:visible').first().selectOption('en-US')
  await page.locator('html[lang="en-US"]').waitFor()
  if (narrow) {
    await page.setViewportSize(viewport)
    await settleLayout(page, viewport.width)
  }
}

/**
 * Waits until the window is `width` wide and two frames have been laid out since, so that a
 * sideways-scroll check right after a resize reads the new layout rather than the old one.
 */
export async function settleLayout(page: Page, width: number): Promise<void> {
  await page.waitForFunction(`window.innerWidth === ${Math.round(width)}`)
  await page.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))',
  )
}
