/**
 * The part of a layer both halves share: who it is and what it needs.
 * Ids are kebab-case and stable forever: they prefix tables, migration tables, route names,
 * store ids, message namespaces and service ids.
 */
export interface LayerManifest {
  /** Stable kebab-case id, for example `auth`. */
  readonly id: string
  /** The number in the package folder name (`layers/layer-1-auth` → 1). */
  readonly number: number
  /**
   * Default ordering among layers whose dependencies are already satisfied: lower runs first.
   * `layers.config.ts` may override it.
   * @default 100
   */
  readonly priority: number
  /**
   * Layers this one needs: an id for a layer it cannot work without, or
   * `{ id, optional: true }` for one it uses when enabled and does without otherwise. An enabled
   * optional dependency is ordered before this layer, like a required one.
   */
  readonly dependsOn: readonly LayerDependency[]
  /** Semver of the layer package. */
  readonly version: string
}

/** A required dependency (`'auth'`) or an optional one (`{ id: 'multitenant', optional: true }`). */
export type LayerDependency = string | { readonly id: string; readonly optional: true }

/** Splits `dependsOn` into the ids a layer requires and the ids it uses when they are enabled. */
export function splitDependencies(dependsOn: readonly LayerDependency[]): {
  required: string[]
  optional: string[]
} {
  const required: string[] = []
  const optional: string[] = []
  for (const dep of dependsOn) {
    if (typeof dep === 'string') required.push(dep)
    else optional.push(dep.id)
  }
  return { required, optional: optional.filter((id) => !required.includes(id)) }
}

/** Pattern every layer id follows. */
export const LAYER_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/

/** Identity helper that keeps the literal types of a manifest. */
export const defineManifest = <const M extends LayerManifest>(manifest: M): M => manifest
