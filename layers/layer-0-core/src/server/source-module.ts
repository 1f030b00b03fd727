import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

// Compiled files that stand in for TypeScript sources read at run time (layer entries, themes,
// layers.config.ts) when the backend runs from its build. Empty under tsx, which imports the
// sources as they are. One instance: the build shares this module between the host and layers.
const compiled = new Map<string, string>()

/** Makes `importSourceModule(source)` load `file` instead (absolute paths, or relative to cwd). */
export function useCompiledModules(entries: Iterable<readonly [source: string, file: string]>) {
  for (const [source, file] of entries) compiled.set(resolve(source), resolve(file))
}

/**
 * Imports a module found on disk by path, or the compiled file the production build made of it.
 * In a build, a TypeScript file that is not part of it fails with one sentence naming it.
 */
export async function importSourceModule(file: string): Promise<Record<string, unknown>> {
  const path = resolve(file)
  const target = compiled.get(path)
  if (!target && compiled.size > 0 && extname(path) === '.ts') {
    throw new Error(
      `${path} is TypeScript and not part of the backend build; rebuild it or use a .js/.mjs file.`,
    )
  }
  return (await import(pathToFileURL(target ?? path).href)) as Record<string, unknown>
}
