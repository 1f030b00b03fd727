import type { LocaleInfo } from '../../shared/locales.ts'
import type { ResolvedLayer } from '../../shared/registry.ts'
import type { LayerSwitches } from './layer-switches.ts'

/** Most per-tenant bodies kept between two switch changes. */
const MAX_TENANT_BODIES = 1000

/**
 * The body of `GET /api/core/layers`, serialised once per state: the global one is rebuilt only
 * when a switch or the locale list changes, a tenant's at most once per change too.
 */
export function layersBody(
  layers: readonly ResolvedLayer[],
  features: readonly string[],
  messages: { locales(): readonly LocaleInfo[] },
  switches: Pick<LayerSwitches, 'isOn' | 'version'>,
): (tenantId: string | undefined) => string {
  let builtFor: { version: number; locales: readonly LocaleInfo[] } | undefined
  let global = ''
  const byTenant = new Map<string, string>()
  const render = (tenantId: string | undefined, locales: readonly LocaleInfo[]) =>
    JSON.stringify({
      layers: layers.map((l) => ({
        id: l.id,
        version: l.version,
        priority: l.priority,
        dependsOn: [...l.dependsOn],
        prefix: l.prefix ?? null,
        enabled: switches.isOn(l.id, tenantId),
      })),
      features,
      locales,
      tenantId: tenantId ?? null,
    })
  return (tenantId) => {
    const locales = messages.locales()
    if (builtFor?.version !== switches.version || builtFor.locales !== locales) {
      builtFor = { version: switches.version, locales }
      global = render(undefined, locales)
      byTenant.clear()
    }
    if (tenantId === undefined) return global
    let body = byTenant.get(tenantId)
    if (body === undefined) {
      if (byTenant.size >= MAX_TENANT_BODIES) byTenant.clear()
      body = render(tenantId, locales)
      byTenant.set(tenantId, body)
    }
    return body
  }
}
