import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DiscoveredManifest, LayerManifest } from '@stratum/layer-core/shared'
import { importSourceModule, type AnyServerLayer } from '@stratum/layer-core/server'

/** Layer packages live in `layers/layer-<number>-<id>/`. */
const FOLDER_PATTERN = /^layer-(\d+)-([a-z][a-z0-9-]*)$/

/** A layer package found on disk. */
export interface LayerPackage extends DiscoveredManifest {
  readonly folder: string
  /** Absolute path of the package's `./server` entry. */
  readonly serverEntry: string
}

const isManifest = (value: unknown, id: string): value is LayerManifest =>
  typeof value === 'object' &&
  value !== null &&
  (value as LayerManifest).id === id &&
  typeof (value as LayerManifest).version === 'string' &&
  Array.isArray((value as LayerManifest).dependsOn)

const isServerLayer = (value: unknown, id: string): value is AnyServerLayer =>
  typeof value === 'object' &&
  value !== null &&
  isManifest((value as AnyServerLayer).manifest, id) &&
  typeof (value as AnyServerLayer).init === 'function'

/** The export of a module that is the manifest (or server layer) of layer `id`. */
function pick<T>(
  mod: Record<string, unknown>,
  id: string,
  test: (v: unknown, id: string) => v is T,
) {
  return Object.values(mod).find((value): value is T => test(value, id))
}

/**
 * Finds every layer package under `<root>/layers` and reads its shared manifest, without loading
 * any server code: disabled layers are never imported.
 */
export async function discoverLayers(root: string): Promise<LayerPackage[]> {
  const layersDir = join(root, 'layers')
  const folders = (await readdir(layersDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && FOLDER_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort()
  return Promise.all(
    folders.map(async (folder) => {
      const [, number, id] = FOLDER_PATTERN.exec(folder)!
      const dir = join(layersDir, folder)
      const source = `layers/${folder}`
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        exports?: Record<string, string>
      }
      const sharedPath = pkg.exports?.['./shared']
      const serverPath = pkg.exports?.['./server']
      if (!sharedPath || !serverPath) {
        throw new Error(`${source}/package.json must export './shared' and './server'.`)
      }
      const shared = await importSourceModule(join(dir, sharedPath))
      const manifest = pick(shared, id!, isManifest)
      if (!manifest) throw new Error(`${source} exports no manifest whose id is '${id}'.`)
      if (manifest.number !== Number(number)) {
        throw new Error(
          `${source} declares number ${manifest.number}, but its folder says ${number}.`,
        )
      }
      return { manifest, source, folder: dir, serverEntry: join(dir, serverPath) }
    }),
  )
}

/** Imports the server half of a discovered layer. */
export async function loadServerLayer(pkg: LayerPackage): Promise<AnyServerLayer> {
  const mod = await importSourceModule(pkg.serverEntry)
  const layer = pick(mod, pkg.manifest.id, isServerLayer)
  if (!layer)
    throw new Error(`${pkg.source} exports no server layer whose id is '${pkg.manifest.id}'.`)
  return layer
}
