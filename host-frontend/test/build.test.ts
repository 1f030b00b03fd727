import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
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
    await buildApp()
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
    const initialJs = await readFile(path.join(outDir, entry.file), 'utf8')
    // CSP without 'unsafe-eval', and nothing of zod or the server half in the first load.
    expect(initialJs).not.toMatch(/new Function\(|\beval\(/)
    expect(initialJs).not.toContain('ZodError')
    const gzipKb = gzipSync(initialJs).length / 1024
    expect(gzipKb).toBeLessThan(70)
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
