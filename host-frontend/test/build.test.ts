import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { build, mergeConfig, type Manifest } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFrontendConfig } from '../vite.config.ts'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
let outDir: string

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'stratum-frontend-'))
})
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

const buildApp = (overrides: Parameters<typeof mergeConfig>[1] = {}, layersConfigFile?: string) =>
  build({
    ...mergeConfig(createFrontendConfig({ outDir, layersConfigFile }), overrides),
    configFile: false,
    logLevel: 'silent',
  })

describe('frontend build', () => {
  it('builds the app with lazy pages, no inline code and no server code', async () => {
    // Vitest sets NODE_ENV=test, which would keep Vue's development code in the size below.
    await buildApp({ define: { 'process.env.NODE_ENV': JSON.stringify('production') } })
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8')
    expect(html).toContain('<html lang="pt-BR"')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/) // every script has a src
    expect(html).not.toMatch(/<style|\sstyle=/)

    const manifest = JSON.parse(
      await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8'),
    ) as Manifest
    const entry = manifest['index.html']!
    const lazy = Object.values(manifest)
      .filter((chunk) => chunk.isDynamicEntry)
      .map((c) => c.name)
    expect(lazy).toEqual(
      expect.arrayContaining(['LandingPage', 'NotFoundPage', 'DevMailboxPage', 'theme.config']),
    )
    // Auth's client half (no route paths: every first page installs it) is fetched while the app
    // asks which layers are live, not after; the layers with route paths are not.
    const authChunk = Object.values(manifest).find((c) =>
      c.dynamicImports?.some((d) => d.endsWith('layer-1-auth/src/client/pages/LoginPage.vue')),
    )
    expect(html).toContain(`<link rel="modulepreload" crossorigin href="/${authChunk!.file}">`)
    expect(html.match(/rel="modulepreload"/g)).toHaveLength(1)
    const initialJs = await readFile(path.join(outDir, entry.file), 'utf8')
    // CSP without 'unsafe-eval', and nothing of zod or the server half in the first load.
    expect(initialJs).not.toMatch(/new Function\(|\beval\(/)
    expect(initialJs).not.toContain('ZodError')
    // The entry chunk holds all the first page imports statically, Vue's runtime included; the
    // login page's whole budget is login-budget.test.ts's.
    const gzipKb = gzipSync(initialJs).length / 1024
    expect(gzipKb).toBeLessThan(70)

    // Messages are precompiled: the placeholder is an AST node, not a string left to compile.
    const js = await Promise.all(
      Object.values(manifest)
        .filter((c) => c.file.endsWith('.js'))
        .map((c) => readFile(path.join(outDir, c.file), 'utf8')),
    )
    expect(js.some((code) => code.includes('{t:4,k:`app`}'))).toBe(true)
    expect(js.some((code) => code.includes('Sign in to {app}'))).toBe(false)

    // Precompressed copies for the backend to send as they are: same bytes once decoded.
    const firstLoad = [entry.file, ...(entry.imports ?? []).map((name) => manifest[name]!.file)]
    const sizes = await Promise.all(
      firstLoad.map(async (f) => (await stat(path.join(outDir, f))).size),
    )
    const largest = firstLoad[sizes.indexOf(Math.max(...sizes))]!
    for (const file of [largest, 'index.html']) {
      const original = await readFile(path.join(outDir, file))
      const br = await readFile(path.join(outDir, `${file}.br`))
      const gz = await readFile(path.join(outDir, `${file}.gz`))
      expect(brotliDecompressSync(br).equals(original)).toBe(true)
      expect(gunzipSync(gz).equals(original)).toBe(true)
      expect(br.length).toBeLessThan(gz.length)
    }
  })

  it.each([
    ['imports-pg.js', "'pg', the server-only package 'pg'"],
    ['imports-server-file.js', "', a server file (layers/layer-0-core/src/server/router.ts)"],
    ['imports-node-builtin.js', "'node:fs', a Node built-in"],
    ['imports-bare-builtin.js', "'fs', a Node built-in"],
  ])('fails when %s is in the client bundle, naming the importer', async (file, reason) => {
    const failure = buildApp({ build: { rolldownOptions: { input: fixture(file) } } })
    await expect(failure).rejects.toThrow(`host-frontend/test/fixtures/${file} imports `)
    await expect(failure).rejects.toThrow(reason)
  })

  it('fails to build with core disabled, with the registry sentence', async () => {
    await expect(buildApp({}, fixture('layers.core-disabled.config.ts'))).rejects.toThrow(
      "Layer 'core' is disabled in layers.config.ts, and every Stratum app needs it.",
    )
  })
})
