import { useI18n } from 'vue-i18n'
import { TENANT_SYSTEM_ROLES } from '../../shared/roles.ts'

const SYSTEM_KEYS = new Set<string>(TENANT_SYSTEM_ROLES)
const SOURCE_LOCALE = 'en-US'

/**
 * Words for data the server names: system roles and permissions in the user's language; custom
 * roles as typed. Each layer phrases its own permissions in its messages, under
 * `<namespace>.permissions.<permission>` (`authenticated.permissions.client.view`), and names the
 * resource a `client.*` pattern covers under `<namespace>.permissionResources.<resource>`; this
 * looks them up in every loaded namespace, so a layer added later needs no change here.
 */
export function useLabels() {
  const { t, te, messages } = useI18n()

  /** The first namespace's key for `leaf.name` that holds a message, in the UI or source locale. */
  function find(leaf: 'permissions' | 'permissionResources', name: string): string | undefined {
    const namespaces = Object.keys((messages.value as Record<string, object>)[SOURCE_LOCALE] ?? {})
    for (const namespace of namespaces) {
      const key = `${namespace}.${leaf}.${name}`
      if (te(key) || te(key, SOURCE_LOCALE)) return key
    }
    return undefined
  }

  /** What a permission or pattern allows, in words; `undefined` when no layer phrases it. */
  function phrase(name: string): string | undefined {
    if (name === '*') return t('multitenant.permissionAll')
    const exact = find('permissions', name)
    if (exact) return t(exact)
    if (!name.endsWith('.*')) return undefined
    const resource = find('permissionResources', name.slice(0, -2))
    return resource ? t('multitenant.permissionPattern', { resource: t(resource) }) : undefined
  }

  return {
    /** A role's name: translated for system roles, as typed for custom ones. */
    role: (role: { key: string; name: string }) =>
      SYSTEM_KEYS.has(role.key) ? t(`multitenant.roleNames.${role.key}`) : role.name,
    /**
     * What a permission (or a pattern such as `client.*`) allows, in the user's language; else
     * `fallback` (the catalogue's English description), else the key itself.
     */
    permission: (name: string, fallback = '') => phrase(name) ?? (fallback || name),
    /** Whether some layer phrases this permission (else {@link permission} shows a fallback). */
    hasPhrase: (name: string) => phrase(name) !== undefined,
  }
}
