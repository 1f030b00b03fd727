import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { createFrontendConfig } from '@stratum/host-frontend/vite.config.ts'
import { build, mergeConfig, type Manifest } from 'vite'

/**
 * Builds the SPA for production with the workspace's `layers.config.ts` into `outDir`. Vitest
 * sets `NODE_ENV=test`, which would otherwise keep Vue's development code in the bundle.
 */
export async function buildSpa(outDir: string): Promise<void> {
  const production = { define: { 'process.env.NODE_ENV': JSON.stringify('production') } }
  await build({
    ...mergeConfig(createFrontendConfig({ outDir }), production),
    configFile: false,
    logLevel: 'silent',
  })
}

/** One JavaScript file of a route's first load, with its gzip size. */
export interface ChunkSize {
  readonly file: string
  readonly gzipBytes: number
}

/**
 * The JavaScript a first visit to a page downloads, from the build manifest: the entry and its
 * static imports, the base theme, every layer's client half (all live layers load at boot) and the
 * page's own chunk, each with its static imports.
 */
export async function firstLoadJs(outDir: string, pageSource: string): Promise<ChunkSize[]> {
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
    files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  // Every live layer's client half loads at boot. The bundler may fold a layer's entry into a
  // shared chunk (when another layer imports its public entry), so take all of the entry's lazy
  // imports except pages and themes rather than looking layers up by file name.
  const bootLayers = (manifest['index.html']?.dynamicImports ?? []).filter(
    (name) => !name.includes('/pages/') && !name.includes('themes/'),
  )
  for (const entry of ['index.html', key('themes/base/theme.config.ts'), ...bootLayers, key(pageSource)]) {
    visit(entry)
  }
  return Promise.all(
    [...files].map(async (file) => ({
      file,
      gzipBytes: gzipSync(await readFile(path.join(outDir, file))).length,
    })),
  )
}
