import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { useCompiledModules } from '@stratum/layer-core/server'

/** File the backend build writes next to its compiled entry (`scripts/lib/backend.mjs`). */
export const BUILD_MANIFEST = 'stratum-build.json'

/** The build manifest: paths in `modules` are relative to the root and to the build folder. */
interface BuildManifest {
  /** Repository root, relative to the build folder. */
  readonly root: string
  /** Source file (relative to the root) → compiled file (relative to the build folder). */
  readonly modules: Readonly<Record<string, string>>
}

/**
 * When `dir` holds a backend build, routes run-time imports of sources (layer entries, themes,
 * layers.config.ts) to their compiled files and returns the repository root the build came from.
 * Returns `undefined` when running the sources under tsx.
 */
export function useCompiledBuild(dir: string): string | undefined {
  const file = join(dir, BUILD_MANIFEST)
  if (!existsSync(file)) return undefined
  const build = JSON.parse(readFileSync(file, 'utf8')) as BuildManifest
  const root = resolve(dir, build.root)
  useCompiledModules(
    Object.entries(build.modules).map(([source, compiled]) => [
      resolve(root, source),
      resolve(dir, compiled),
    ]),
  )
  return root
}
