import { storeToRefs } from 'pinia'
import { useI18n } from 'vue-i18n'
import { useTenantStore } from '../stores/tenant-store.ts'
import { describeTenantError } from './tenant-error.ts'

/**
 * Turns a failure into a sentence in the user's language, naming the current tenant where it
 * matters (`LAST_ACCOUNT_ADMIN`), or `undefined` when the code is not one this layer explains.
 */
export function useTenantErrorText(): (error: unknown) => string | undefined {
  const { t } = useI18n()
  const { current } = storeToRefs(useTenantStore())
  return (error) => {
    const message = describeTenantError(error)
    if (!message) return undefined
    return t(`multitenant.${message.key}`, { ...message.values, tenant: current.value?.name ?? '' })
  }
}
