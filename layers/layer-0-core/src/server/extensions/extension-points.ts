/**
 * Extension points, keyed `<owner-layer-id>.<name>`. The layer that owns a point augments this
 * interface with the type of **one** contribution and lists the id in its `extensionPoints`; any
 * layer may then contribute plain, typed data to it (see `ServerLayer.contributes`).
 *
 * ```ts
 * declare module '@stratum/layer-core/server' {
 *   interface StratumExtensionPoints {
 *     'multitenant.permissions': PermissionContribution
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StratumExtensionPoints {}

export type ExtensionPointId = keyof StratumExtensionPoints & string

/** For each point a layer contributes to: one value, or several. */
export type ExtensionContributions = {
  readonly [K in ExtensionPointId]?:
    StratumExtensionPoints[K] | readonly StratumExtensionPoints[K][]
}

/** One contribution as the owner reads it: the value and the layer that gave it. */
export interface Contribution<T> {
  readonly layer: string
  readonly value: T
}

/**
 * The contributions of every enabled layer, collected before any `init` runs, in registry order.
 * A contribution to a point whose owner is disabled (or absent) is dropped quietly.
 */
export class ExtensionRegistry {
  readonly #contributions = new Map<string, Contribution<unknown>[]>()
  readonly #owners: ReadonlyMap<string, string>

  /** @param owners point id → id of the enabled layer that owns it */
  constructor(owners: ReadonlyMap<string, string>) {
    this.#owners = owners
  }

  /** Records what `layer` contributes; returns the point ids that were dropped (owner disabled). */
  add(layer: string, contributions: ExtensionContributions): string[] {
    const dropped: string[] = []
    for (const [point, given] of Object.entries(contributions)) {
      if (given === undefined) continue
      if (!this.#owners.has(point)) {
        dropped.push(point)
        continue
      }
      const list = this.#contributions.get(point) ?? []
      for (const value of Array.isArray(given) ? given : [given]) list.push({ layer, value })
      this.#contributions.set(point, list)
    }
    return dropped
  }

  /** The owner of `point`, or undefined when no enabled layer owns it. */
  owner(point: string): string | undefined {
    return this.#owners.get(point)
  }

  /** The values contributed to `point`, in registry order (empty when none). */
  values<K extends ExtensionPointId>(point: K): readonly StratumExtensionPoints[K][] {
    return this.entries(point).map((entry) => entry.value)
  }

  /** The contributions to `point` with the layer that made each one. */
  entries<K extends ExtensionPointId>(
    point: K,
  ): readonly Contribution<StratumExtensionPoints[K]>[] {
    return (this.#contributions.get(point) ?? []) as Contribution<StratumExtensionPoints[K]>[]
  }
}
