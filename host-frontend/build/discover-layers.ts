import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** A layer package found under `<root>/layers/layer-<number>-<id>/`. */
export interface LayerPackage {
  readonly id: string
  readonly number: number
  /** Folder relative to the workspace root, for messages: `layers/layer-1-auth`. */
  readonly source: string
  /** Absolute file of `exports['./client']`, when the layer has a client half. */
  readonly clientEntry: string | undefined
  /**
   * Absolute file of `route-paths.ts` next to the client entry, when the layer has one: the URL
   * paths its routes live under, so the host installs the layer only when a navigation needs it.
   */
  readonly routePathsFile: string | undefined
  /**
   * Absolute file of `early.ts` next to the client entry, when the layer has one: its `early`
   * hook runs at start on every page (see `EarlyHook` in core's client contract).
   */
  readonly earlyFile: string | undefined
  /** Absolute file of `exports['./shared']`, where the manifest lives. */
  readonly sharedEntry: string | undefined
  /** Entries the package exports whose files do not exist (yet): `'./client'`. */
  readonly missing: readonly string[]
}

/** Folder names of layer packages; the id part follows the manifest's kebab-case rule. */
export const LAYER_FOLDER_PATTERN = /^layer-(\d+)-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/

/**
 * A layer's optional file next to its client entry that exports `routePaths`: the path prefixes
 * of its routes (`['/admin', '/invites']`). With it the host defers the layer until a navigation
 * targets one of them, or a layer asks for every layer (auth does on sign-in); without it the
 * layer is installed at boot.
 */
export const ROUTE_PATHS_FILE = 'route-paths.ts'

/** A layer's optional file next to its client entry that exports `early` (an `EarlyHook`). */
export const EARLY_FILE = 'early.ts'

type ExportTarget = string | { readonly [condition: string]: ExportTarget } | null | undefined

/** Picks the file a browser bundler would use from one `exports` entry. */
function exportFile(target: ExportTarget): string | undefined {
  if (typeof target === 'string') return target
  if (!target) return undefined
  for (const condition of ['browser', 'import', 'default']) {
    const file = exportFile(target[condition])
    if (file) return file
  }
  return undefined
}

/** Scans `<root>/layers/` for layer packages, ordered by number then id. */
export async function discoverLayerPackages(root: string): Promise<LayerPackage[]> {
  const layersDir = path.join(root, 'layers')
  const folders = await readdir(layersDir, { withFileTypes: true }).catch(() => [])
  const found: LayerPackage[] = []
  for (const folder of folders) {
    const match = folder.isDirectory() ? LAYER_FOLDER_PATTERN.exec(folder.name) : null
    if (!match) continue
    const dir = path.join(layersDir, folder.name)
    const pkgText = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined)
    if (pkgText === undefined) continue
    const pkg = JSON.parse(pkgText) as { exports?: Record<string, ExportTarget> }
    const missing: string[] = []
    // A package being written may export files that do not exist yet; those entries count as absent.
    const entry = (key: string) => {
      const file = exportFile(pkg.exports?.[key])
      if (file === undefined) return undefined
      const absolute = path.resolve(dir, file)
      if (existsSync(absolute)) return absolute
      missing.push(key)
      return undefined
    }
    const clientEntry = entry('./client')
    const routePathsFile = clientEntry && path.join(path.dirname(clientEntry), ROUTE_PATHS_FILE)
    const earlyFile = clientEntry && path.join(path.dirname(clientEntry), EARLY_FILE)
    found.push({
      id: match[2]!,
      number: Number(match[1]),
      source: `layers/${folder.name}`,
      clientEntry,
      routePathsFile: routePathsFile && existsSync(routePathsFile) ? routePathsFile : undefined,
      earlyFile: earlyFile && existsSync(earlyFile) ? earlyFile : undefined,
      sharedEntry: entry('./shared'),
      missing,
    })
  }
  return found.sort((a, b) => a.number - b.number || a.id.localeCompare(b.id))
}
