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
  /** Ids of the layers this one cannot work without. */
  readonly dependsOn: readonly string[]
  /** Semver of the layer package. */
  readonly version: string
}

/** Pattern every layer id follows. */
export const LAYER_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/

/** Identity helper that keeps the literal types of a manifest. */
export const defineManifest = <const M extends LayerManifest>(manifest: M): M => manifest
