import { layersConfigSchema, type LayersConfig } from './config.ts'
import { LAYER_ID_PATTERN, splitDependencies, type LayerManifest } from './manifest.ts'

/** A layer as both hosts see it once the registry has accepted the configuration. */
export interface ResolvedLayer {
  readonly id: string
  readonly number: number
  readonly version: string
  readonly priority: number
  /**
   * What this layer runs after: its required dependencies (manifest plus `layers.config.ts`) and
   * those of its optional ones that are enabled.
   */
  readonly dependsOn: readonly string[]
  /** Optional dependencies that are enabled (also in `dependsOn`); the others are left out. */
  readonly optionalDependsOn: readonly string[]
  /** API prefix, or `undefined` for a layer mounted at the root (core). */
  readonly prefix: string | undefined
  readonly openapiTags: readonly string[]
}

/** A manifest together with where it was found, so errors can name the package. */
export interface DiscoveredManifest {
  readonly manifest: LayerManifest
  /** Package folder, for example `layers/layer-1-auth`. */
  readonly source: string
}

/** The one error the registry throws: its message is one sentence naming the layers involved. */
export class LayerRegistryError extends Error {
  override readonly name = 'LayerRegistryError'
}

const CORE_ID = 'core'
const fail = (sentence: string): never => {
  throw new LayerRegistryError(sentence)
}

/**
 * Validates `layers.config.ts` against the layers that exist and returns the enabled layers,
 * ordered by dependency first and then by priority (lower first), number and id.
 * Throws {@link LayerRegistryError} with one sentence for any configuration it cannot run.
 */
export function resolveLayers(
  config: LayersConfig,
  discovered: readonly DiscoveredManifest[],
): ResolvedLayer[] {
  const parsed = layersConfigSchema.safeParse(config)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    fail(
      `layers.config.ts is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}.`,
    )
  }
  const entries = parsed.success ? parsed.data.layers : []

  const manifests = new Map<string, DiscoveredManifest>()
  for (const found of discovered) {
    const { id } = found.manifest
    if (!LAYER_ID_PATTERN.test(id)) fail(`Layer id '${id}' in ${found.source} is not kebab-case.`)
    const previous = manifests.get(id)
    if (previous) {
      fail(`Layer id '${id}' is declared twice, by ${previous.source} and ${found.source}.`)
    }
    manifests.set(id, found)
  }

  const configured = new Map<string, (typeof entries)[number]>()
  for (const entry of entries) {
    if (configured.has(entry.name))
      fail(`Layer '${entry.name}' is listed twice in layers.config.ts.`)
    if (!manifests.has(entry.name)) {
      fail(
        `Layer '${entry.name}' in layers.config.ts is unknown: no package under layers/ declares it.`,
      )
    }
    configured.set(entry.name, entry)
  }

  const core = configured.get(CORE_ID)
  if (!core)
    fail(`Layer '${CORE_ID}' is missing from layers.config.ts, and every Stratum app needs it.`)
  if (core && !core.enabled) {
    fail(`Layer '${CORE_ID}' is disabled in layers.config.ts, and every Stratum app needs it.`)
  }

  const enabled: ResolvedLayer[] = []
  for (const entry of entries) {
    if (!entry.enabled) continue
    const { manifest } = manifests.get(entry.name)!
    const declared = splitDependencies(manifest.dependsOn)
    const required = [...new Set([...declared.required, ...entry.dependencies])]
    // An optional dependency counts only when it is enabled; a missing one is not an error.
    const optional = declared.optional.filter(
      (dep) =>
        !required.includes(dep) && dep !== entry.name && configured.get(dep)?.enabled === true,
    )
    for (const dep of required) {
      if (dep === entry.name) fail(`Layer '${entry.name}' depends on itself.`)
      if (!manifests.has(dep))
        fail(`Layer '${entry.name}' needs '${dep}', which is not a known layer.`)
      const depEntry = configured.get(dep)
      if (!depEntry) {
        fail(`Layer '${entry.name}' needs '${dep}', which is not listed in layers.config.ts.`)
      } else if (!depEntry.enabled) {
        fail(`Layer '${entry.name}' needs '${dep}', which is disabled in layers.config.ts.`)
      }
    }
    enabled.push({
      id: manifest.id,
      number: manifest.number,
      version: manifest.version,
      priority: entry.priority ?? manifest.priority,
      dependsOn: [...required, ...optional],
      optionalDependsOn: optional,
      prefix: entry.prefix,
      openapiTags: entry.openapiTags.length > 0 ? entry.openapiTags : [manifest.id],
    })
  }

  checkPrefixes(enabled)
  return orderLayers(enabled)
}

function checkPrefixes(layers: readonly ResolvedLayer[]): void {
  const claimed = layers.filter((l) => l.prefix !== undefined)
  for (const [i, a] of claimed.entries()) {
    for (const b of claimed.slice(i + 1)) {
      if (a.prefix === b.prefix) {
        fail(`Layers '${a.id}' and '${b.id}' both claim the API prefix '${a.prefix}'.`)
      }
      const [outer, inner] = a.prefix!.length < b.prefix!.length ? [a, b] : [b, a]
      if (inner.prefix!.startsWith(`${outer.prefix}/`)) {
        fail(
          `Layers '${outer.id}' and '${inner.id}' claim overlapping API prefixes ` +
            `'${outer.prefix}' and '${inner.prefix}'.`,
        )
      }
    }
  }
}

const compareLayers = (a: ResolvedLayer, b: ResolvedLayer): number =>
  a.priority - b.priority || a.number - b.number || a.id.localeCompare(b.id)

/** Kahn's algorithm; among layers that are ready, the lowest priority goes first. */
function orderLayers(layers: readonly ResolvedLayer[]): ResolvedLayer[] {
  const byId = new Map(layers.map((l) => [l.id, l]))
  const remaining = new Map(layers.map((l) => [l.id, new Set(l.dependsOn)]))
  const ordered: ResolvedLayer[] = []
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter(([, deps]) => deps.size === 0)
      .map(([id]) => byId.get(id)!)
      .sort(compareLayers)
    const next = ready[0]
    if (!next) fail(`Layers form a dependency cycle: ${findCycle(remaining).join(' → ')}.`)
    ordered.push(next!)
    remaining.delete(next!.id)
    for (const deps of remaining.values()) deps.delete(next!.id)
  }
  return ordered
}

function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = [...graph.keys()].sort()[0]!
  const path: string[] = []
  let current = start
  // Every node left in the graph has an unresolved dependency, so walking always finds a repeat.
  while (!path.includes(current)) {
    path.push(current)
    current = [...graph.get(current)!].sort()[0]!
  }
  return [...path.slice(path.indexOf(current)), current]
}

/** Renders the resolved order and the dependency tree, as `pnpm layers` prints them. */
export function describeLayers(layers: readonly ResolvedLayer[]): string {
  const lines = ['Resolved order:']
  layers.forEach((l, i) => {
    const prefix = l.prefix ?? '(root)'
    lines.push(`  ${i + 1}. ${l.id}@${l.version}  priority ${l.priority}  ${prefix}`)
  })
  lines.push('', 'Dependency tree:')
  const dependents = (id: string) => layers.filter((l) => l.dependsOn.includes(id))
  const walk = (layer: ResolvedLayer, indent: string, last: boolean, root: boolean): void => {
    lines.push(root ? layer.id : `${indent}${last ? '└─ ' : '├─ '}${layer.id}`)
    const children = dependents(layer.id)
    const childIndent = root ? '' : `${indent}${last ? '   ' : '│  '}`
    children.forEach((child, i) => walk(child, childIndent, i === children.length - 1, false))
  }
  for (const root of layers.filter((l) => l.dependsOn.length === 0)) walk(root, '', true, true)
  return lines.join('\n')
}

/**
 * Layers that are the platform itself: never switched at run time. `multitenant` is refused
 * globally too: every per-tenant switch, and every tenant-scoped route, needs it to resolve the
 * tenant, so a run-time "off" would leave layers on for tenants nobody can reach.
 */
export const PLATFORM_LAYERS: readonly string[] = ['core', 'auth', 'multitenant']

/** Whether an installed layer may be switched per tenant (every layer outside the platform). */
export const isPlatformLayer = (id: string): boolean => PLATFORM_LAYERS.includes(id)

/** One run-time switch: a layer on or off, globally or for one tenant (named by its slug). */
export interface LayerSwitchChange {
  readonly layer: string
  readonly enabled: boolean
  /** The tenant's slug for a per-tenant switch; absent for a global one. */
  readonly tenant?: string | undefined
}

/**
 * Validates a run-time switch against the resolved layers, with the same kind of sentence the
 * registry gives at start-up. `state` answers whether a layer is on now in the switch's scope
 * (globally, or for that tenant). Throws {@link LayerRegistryError}; an optional dependency may
 * be off.
 */
export function checkLayerSwitch(
  layers: readonly ResolvedLayer[],
  state: (id: string) => boolean,
  change: LayerSwitchChange,
): void {
  const { layer: id, enabled, tenant } = change
  const layer = layers.find((l) => l.id === id)
  if (!layer) fail(`Layer '${id}' is not installed: layers.config.ts does not enable it.`)
  if (isPlatformLayer(id)) {
    if (tenant !== undefined)
      fail(`Layer '${id}' is part of the platform and cannot be switched per tenant.`)
    fail(
      `Layer '${id}' is part of the platform and cannot be switched ${enabled ? '' : 'off '}at run time.`,
    )
  }
  const where = tenant === undefined ? '' : ` for tenant ${tenant}`
  if (!enabled) {
    for (const other of layers) {
      if (other.id === id || !state(other.id)) continue
      if (other.dependsOn.includes(id) && !other.optionalDependsOn.includes(id))
        fail(`Layer '${id}' is needed by '${other.id}', which is on${where}.`)
    }
    return
  }
  for (const dep of layer!.dependsOn) {
    if (layer!.optionalDependsOn.includes(dep) || isPlatformLayer(dep)) continue
    if (!state(dep)) fail(`Layer '${id}' needs '${dep}', which is off${where}.`)
  }
}
