import type { ServiceId, ServiceRegistry, StratumServices } from '../platform/services.ts'

/** A typed reference to a service another layer provides; see {@link serviceRef}. */
export interface ServiceRef<K extends ServiceId = ServiceId, O extends boolean = boolean> {
  readonly id: K
  readonly optional: O
}

/**
 * Declares a dependency on a service, once, with its type:
 * `deps: { tenantDb: serviceRef('multitenant.tenantDb') }` gives `init` a typed `tenantDb`.
 * With `{ optional: true }` the value is `undefined` when no enabled layer provides it.
 */
export function serviceRef<K extends ServiceId>(id: K): ServiceRef<K, false>
export function serviceRef<K extends ServiceId>(
  id: K,
  options: { optional: true },
): ServiceRef<K, true>
export function serviceRef<K extends ServiceId>(
  id: K,
  options?: { optional: true },
): ServiceRef<K> {
  return { id, optional: options?.optional === true }
}

/** A layer's `deps`: names of its choosing → service refs. */
export type ServiceDeps = Readonly<Record<string, ServiceRef>>

/** What `init` receives for `deps`: each ref replaced by its service (or undefined if optional). */
export type ResolvedDeps<D extends ServiceDeps> = {
  readonly [P in keyof D]: D[P] extends ServiceRef<infer K, infer O>
    ? O extends true
      ? StratumServices[K] | undefined
      : StratumServices[K]
    : never
}

/** Looks every ref up; a missing required service fails with a sentence naming `consumer`. */
export function resolveDeps<D extends ServiceDeps>(
  deps: D | undefined,
  services: ServiceRegistry,
  consumer: string,
): ResolvedDeps<D> {
  const resolved: Record<string, unknown> = {}
  for (const [name, ref] of Object.entries(deps ?? {})) {
    resolved[name] =
      ref.optional && !services.has(ref.id) ? undefined : services.get(ref.id, consumer)
  }
  return resolved as ResolvedDeps<D>
}
