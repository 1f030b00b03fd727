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

/** One JavaScript file of a first load, with its gzip size. */
export interface ChunkSize {
  readonly file: string
  readonly gzipBytes: number
}

/**
 * The JavaScript a first visit to a page downloads, read from the build manifest: the entry and
 * its static imports, the theme, every layer's client half (the host loads all live layers at
 * boot) and the page's own chunk, each with its static imports.
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
  const layerClients = Object.keys(manifest).filter((k) =>
    /layers\/layer-[^/]+\/src\/client\/index\.ts$/.test(k),
  )
  const files = new Set<string>()
  const visit = (name: string) => {
    const chunk = manifest[name]
    if (!chunk || files.has(chunk.file)) return
    if (chunk.file.endsWith('.js')) files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const entry of ['index.html', key(sources.theme), ...layerClients, key(sources.page)]) {
    visit(entry)
  }
  return Promise.all(
    [...files].map(async (file) => ({
      file,
      gzipBytes: gzipSync(await readFile(path.join(outDir, file))).length,
    })),
  )
}
