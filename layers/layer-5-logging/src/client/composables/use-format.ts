import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

/** Dates and numbers in the user's locale. */
export function useFormat() {
  const { locale } = useI18n()
  const dateTime = computed(
    () =>
      new Intl.DateTimeFormat(locale.value, {
        dateStyle: 'short',
        timeStyle: 'medium',
      }),
  )
  const number = computed(() => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 }))
  const percent = computed(
    () => new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 1 }),
  )
  return {
    /** `2/12/26, 14:03:07` for an ISO timestamp; the raw text when it does not parse. */
    formatTime: (iso: string) => {
      const date = new Date(iso)
      return Number.isNaN(date.getTime()) ? iso : dateTime.value.format(date)
    },
    formatNumber: (value: number) => number.value.format(value),
    formatPercent: (value: number) => percent.value.format(value),
  }
}

/** `<input type="datetime-local">` value → ISO 8601 with offset, or `undefined` when blank. */
export const localInputToIso = (value: string): string | undefined => {
  if (!value) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** Pretty JSON for a `<pre>`: never HTML, so no escaping question. */
export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2) ?? ''
