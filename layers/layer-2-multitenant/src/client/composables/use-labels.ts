import { useI18n } from 'vue-i18n'
import { TENANT_SYSTEM_ROLES } from '../../shared/roles.ts'

const SYSTEM_KEYS = new Set<string>(TENANT_SYSTEM_ROLES)

/**
 * Words for data the server names: system roles and known permissions in the user's language;
 * custom roles and other layers' permissions as the server sends them.
 */
export function useLabels() {
  const { t, te } = useI18n()
  return {
    /** A role's name: translated for system roles, as typed for custom ones. */
    role: (role: { key: string; name: string }) =>
      SYSTEM_KEYS.has(role.key) ? t(`multitenant.roleNames.${role.key}`) : role.name,
    /** What a permission allows: translated when this layer knows it, else the server's text. */
    permission: (name: string, fallback = '') =>
      te(`multitenant.permissions.${name}`) ? t(`multitenant.permissions.${name}`) : fallback,
  }
}
