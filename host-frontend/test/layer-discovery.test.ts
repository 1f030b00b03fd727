import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { describe, expect, it } from 'vitest'
import {
  discoverLayerPackages,
  layersModuleCode,
  pickManifest,
  stratumLayers,
} from '../build/index.ts'

const hostDir = fileURLToPath(new URL('..', import.meta.url))
const workspace = fileURLToPath(new URL('./fixtures/workspace/', import.meta.url))
const fail = (sentence: string): never => {
  throw new Error(sentence)
}

/** Starts a dev server (no port, no watcher) with only the layers plugin, like the host does. */
async function devServer(root: string, configFile?: string) {
  return createServer({
    configFile: false,
    root: hostDir,
    logLevel: 'silent',
    server: { watch: null, ws: false },
    plugins: [stratumLayers({ root, configFile })],
  })
}

describe('layer discovery', () => {
  it('finds layer-<number>-<id> packages with their ./client and ./shared entries', async () => {
    const packages = await discoverLayerPackages(workspace)
    expect(packages.map((p) => [p.id, p.number, p.source])).toEqual([
      ['core', 0, 'layers/layer-0-core'],
      ['reports', 3, 'layers/layer-3-reports'],
      ['draft', 5, 'layers/layer-5-draft'],
    ])
    expect(packages[1]!.clientEntry).toBe(`${workspace}layers/layer-3-reports/src/client.js`)
    expect(packages[1]!.sharedEntry).toBe(`${workspace}layers/layer-3-reports/src/shared.ts`)
  })

  it('treats entries whose files do not exist yet as absent', async () => {
    const draft = (await discoverLayerPackages(workspace)).find((p) => p.id === 'draft')
    expect(draft).toMatchObject({ clientEntry: undefined, sharedEntry: undefined })
    expect(draft!.missing).toEqual(['./client', './shared'])
  })

  it('generates one dynamic import per client half', async () => {
    const code = layersModuleCode(await discoverLayerPackages(workspace))
    expect(code.match(/import\(/g)).toHaveLength(2)
    expect(code).toContain(
      `"reports": () => import("${workspace}layers/layer-3-reports/src/client.js").then(({ clientLayer, default: fallback }) => ({ clientLayer, default: fallback })),`,
    )
  })

  it('exports the route paths of a layer that declares them, for deferred install', async () => {
    const [core, reports] = await discoverLayerPackages(workspace)
    expect(reports!.routePathsFile).toBeUndefined()
    const file = `${workspace}layers/layer-3-reports/src/route-paths.ts`
    const code = layersModuleCode([core!, { ...reports!, routePathsFile: file }])
    expect(code).toContain(`import { routePaths as paths0 } from "${file}"`)
    expect(code).toContain('export const layerRoutePaths = {\n  "reports": paths0,\n}')
  })

  it('imports the early hook of a layer that has one, for every page', async () => {
    const [core, reports] = await discoverLayerPackages(workspace)
    expect(reports!.earlyFile).toBeUndefined()
    const file = `${workspace}layers/layer-3-reports/src/early.ts`
    const code = layersModuleCode([core!, { ...reports!, earlyFile: file }])
    expect(code).toContain(`import { early as early0 } from "${file}"`)
    expect(code).toContain('export const layerEarly = {\n  "reports": early0,\n}')
  })

  it('picks the manifest whose id matches the folder, whatever its export name', async () => {
    const [, reports] = await discoverLayerPackages(workspace)
    const manifest = { id: 'reports', number: 3, priority: 1, dependsOn: [], version: '1.0.0' }
    expect(pickManifest(reports!, { other: { id: 'x' }, manifest }, fail)).toBe(manifest)
    expect(() => pickManifest(reports!, { manifest: { ...manifest, number: 4 } }, fail)).toThrow(
      "Layer 'reports' declares number 4, but its folder layers/layer-3-reports says 3.",
    )
    expect(() => pickManifest(reports!, {}, fail)).toThrow(
      "Layer package layers/layer-3-reports exports no manifest with id 'reports'",
    )
  })
})

describe('stratumLayers plugin', () => {
  it('serves virtual:stratum/layers for a layer added by a package and a config entry', async () => {
    const server = await devServer(workspace)
    try {
      const result = await server.environments.client.transformRequest('virtual:stratum/layers')
      expect(result?.code).toContain('layer-3-reports/src/client.js')
      expect(result?.code).toContain('layer-0-core/src/client.js')
    } finally {
      await server.close()
    }
  })

  it('refuses to start when an enabled layer has no shared file yet', async () => {
    await expect(
      devServer(workspace, `${workspace}layers.draft-enabled.config.ts`),
    ).rejects.toThrow(
      "Layer 'draft' is enabled in layers.config.ts, but layers/layer-5-draft has no './shared' file yet.",
    )
  })

  it('refuses to start with the registry sentence when a dependency is missing', async () => {
    await expect(
      devServer(workspace, `${workspace}layers.missing-dependency.config.ts`),
    ).rejects.toThrow("Layer 'reports' needs 'billing', which is not a known layer.")
  })

  it('refuses to start the real host with core disabled, with the registry sentence', async () => {
    const configFile = fileURLToPath(
      new URL('./fixtures/layers.core-disabled.config.ts', import.meta.url),
    )
    const root = fileURLToPath(new URL('../..', import.meta.url))
    await expect(devServer(root, configFile)).rejects.toThrow(
      "Layer 'core' is disabled in layers.config.ts, and every Stratum app needs it.",
    )
  })
})
