import path from 'node:path'
// Types only: Vite loads this file with Node, which cannot import the workspace's TypeScript,
// so the registry's code comes through the module runner below.
import type {
  DiscoveredManifest,
  LayerManifest,
  LayerRegistryError,
  LayersConfig,
  ResolvedLayer,
  resolveLayers,
} from '@stratum/layer-core/shared'
import { runnerImport, type Plugin } from 'vite'
import type { LayerPackage } from './discover-layers.ts'

const INPUT_ID = 'virtual:stratum/registry-input'

const isManifest = (value: unknown): value is LayerManifest =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LayerManifest).id === 'string' &&
  typeof (value as LayerManifest).number === 'number' &&
  Array.isArray((value as LayerManifest).dependsOn)

/**
 * The manifest of a layer is the object its `./shared` entry exports whose `id` equals the
 * folder's id, whatever the export is called (`coreManifest`, `authManifest`, …).
 */
export function pickManifest(
  pkg: LayerPackage,
  exports: Record<string, unknown>,
  fail: (sentence: string) => never,
): LayerManifest {
  const manifest = Object.values(exports).find((v) => isManifest(v) && v.id === pkg.id)
  if (!isManifest(manifest)) {
    fail(
      `Layer package ${pkg.source} exports no manifest with id '${pkg.id}' from its './shared' entry.`,
    )
  }
  if (manifest.number !== pkg.number) {
    fail(
      `Layer '${pkg.id}' declares number ${manifest.number}, but its folder ${pkg.source} says ${pkg.number}.`,
    )
  }
  return manifest
}

interface RegistryInput {
  readonly config: LayersConfig
  readonly resolveLayers: typeof resolveLayers
  readonly LayerRegistryError: typeof LayerRegistryError
  readonly [manifestModule: `m${number}`]: Record<string, unknown>
}

/**
 * Loads `layers.config.ts` and every layer's shared manifest (TypeScript, through one Vite module
 * runner) and resolves them with the registry both hosts use. Throws the registry's
 * {@link LayerRegistryError}, whose message is one sentence naming the layers involved.
 */
export async function resolveRegistry(
  root: string,
  configFile: string,
  packages: readonly LayerPackage[],
): Promise<ResolvedLayer[]> {
  const withShared = packages.filter((p) => p.sharedEntry !== undefined)
  const code = [
    `export { default as config } from ${JSON.stringify(configFile)}`,
    `export { resolveLayers, LayerRegistryError } from '@stratum/layer-core/shared'`,
    ...withShared.map((p, i) => `export * as m${i} from ${JSON.stringify(p.sharedEntry)}`),
  ].join('\n')
  const input: Plugin = {
    name: 'stratum:registry-input',
    resolveId: (id) => (id === INPUT_ID ? `\0${INPUT_ID}` : undefined),
    load: (id) => (id === `\0${INPUT_ID}` ? code : undefined),
  }
  const { module } = await runnerImport<RegistryInput>(INPUT_ID, {
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [input],
  })
  const fail = (sentence: string): never => {
    throw new module.LayerRegistryError(sentence)
  }
  for (const entry of module.config.layers) {
    const pkg = packages.find((p) => p.id === entry.name && p.missing.includes('./shared'))
    if (pkg && entry.enabled) {
      fail(
        `Layer '${pkg.id}' is enabled in layers.config.ts, but ${pkg.source} has no './shared' file yet.`,
      )
    }
  }
  const discovered: DiscoveredManifest[] = withShared.map((pkg, i) => ({
    manifest: pickManifest(pkg, module[`m${i}`] ?? {}, fail),
    source: pkg.source,
  }))
  return module.resolveLayers(module.config, discovered)
}

/** Where `layers.config.ts` lives by default. */
export const defaultLayersConfigFile = (root: string) => path.join(root, 'layers.config.ts')
