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
 * Builds the SPA for production with the workspace's `layers.config.ts` into `outDir`. Vitest
 * sets `NODE_ENV=test`, which would otherwise keep Vue's development code in the bundle. A temp
 * folder rather than host-frontend/dist, so a run never serves, or leaves behind, a stale build.
 */
export async function buildSpa(outDir: string): Promise<void> {
  const production = { define: { 'process.env.NODE_ENV': JSON.stringify('production') } }
  await build({
    ...mergeConfig(createFrontendConfig({ outDir }), production),
    configFile: false,
    logLevel: 'silent',
  })
}

/** One JavaScript file of a first load, with its gzip size. */
export interface ChunkSize {
  readonly file: string
  readonly gzipBytes: number
}

/**
 * The JavaScript a first visit to a page downloads, read from the build manifest: the entry and
 * its static imports, the theme, every layer's client half and the page's own chunk, each with
 * its static imports. `theme` and `page` are source paths, matched by their ending.
 */
export async function firstLoadJs(
  outDir: string,
  sources: { theme: string; page: string },
): Promise<ChunkSize[]> {
  const manifest = JSON.parse(
    await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8'),
  ) as Manifest
  const key = (suffix: string) => {
    const found = Object.keys(manifest).find((k) => k.endsWith(suffix))
    if (!found) throw new Error(`No chunk for ${suffix} in the build manifest.`)
    return found
  }
  const files = new Set<string>()
  const visit = (name: string) => {
    const chunk = manifest[name]
    if (!chunk || files.has(chunk.file)) return
    if (chunk.file.endsWith('.js')) files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  // Every live layer's client half loads at boot. The bundler may fold a layer's entry into a
  // shared chunk (when another layer imports its public entry), so take all of the entry's lazy
  // imports except pages and themes rather than looking layers up by file name.
  const bootLayers = (manifest['index.html']?.dynamicImports ?? []).filter(
    (name) => !name.includes('/pages/') && !name.includes('themes/'),
  )
  for (const entry of ['index.html', key(sources.theme), ...bootLayers, key(sources.page)])
    visit(entry)
  return Promise.all(
    [...files].map(async (file) => ({
      file,
      gzipBytes: gzipSync(await readFile(path.join(outDir, file))).length,
    })),
  )
}

/** The sign-in code in the newest mail to `email`, read from the dev mailbox API at `origin`. */
export async function codeFromMailbox(origin: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
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

/**
 * Builds the SPA into a temp folder, starts `host-backend/src/main.ts` on it with a fresh
 * embedded database (plus `env`), and launches Chromium meanwhile. Screenshots go to
 * `test-artifacts/<name>`.
 */
export async function startBrowserApp(
  name: string,
  env: Record<string, string> = {},
): Promise<BrowserApp> {
  const spaDir = await mkdtemp(path.join(tmpdir(), `stratum-${name}-spa-`))
  const dataDir = await mkdtemp(path.join(tmpdir(), `stratum-${name}-data-`))
  const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts', name)
  await mkdir(artifacts, { recursive: true })
  const launched = launchChromium()
  let server: SpawnedServer | undefined
  try {
    await buildSpa(spaDir)
    server = await spawnServer(
      'host-backend/src/main.ts',
      { SPA_DIR: spaDir, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
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
