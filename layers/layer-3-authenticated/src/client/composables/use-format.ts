import { useTenantStore } from '@stratum/layer-multitenant/client'
import { ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useTenantSettingsStore } from '../stores/tenant-settings-store.ts'

/**
 * Dates and amounts in the user's language, through the app's named vue-i18n formats (core
 * sets `short`, `long`, `decimal`, `currency` and `currencyBRL`/`USD`/`EUR` for every live locale).
 */
export function useFormat() {
  const { d, n, locale, getNumberFormat } = useI18n()
  const tenant = useTenantStore()
  const tenantSettings = useTenantSettingsStore()
  // Amounts follow the current tenant's currency: once this component shows one, the tenant's
  // settings load (once per tenant: layer 3 resets them on a switch). Until they arrive, or if
  // they cannot be read, the language's own currency stands. A component that shows only dates
  // asks for nothing.
  const showsAmounts = ref(false)
  watch(
    () => [showsAmounts.value, tenant.currentId, tenantSettings.settings === undefined] as const,
    ([wanted, id, missing]) => {
      if (wanted && id && missing) void tenantSettings.ensure().catch(() => undefined)
    },
  )
  const wantsCurrency = () => {
    showsAmounts.value = true
    return tenantSettings.currency
  }
  return {
    /** `2 January 2026, 14:05` (format `long`). */
    dateTime: (iso: string) => d(new Date(iso), 'long'),
    /** A calendar date (`YYYY-MM-DD`) in the locale's `short` format, without a time zone shift. */
    date: (day: string) => d(new Date(`${day}T00:00:00Z`), { key: 'short', timeZone: 'UTC' }),
    /**
     * An amount in the tenant's currency (format `currencyEUR`…) when its settings name one,
     * else in the language's (format `currency`: the locale's region decides).
     */
    amount: (value: number) => {
      const currency = wantsCurrency()
      return n(value, currency ? `currency${currency}` : 'currency')
    },
    /** The code of the currency {@link amount} writes in (`EUR`), for a form's hint. */
    currency: (): string | undefined => {
      const formats = getNumberFormat(locale.value) as Record<string, Intl.NumberFormatOptions>
      return wantsCurrency() ?? formats.currency?.currency
    },
  }
}
