import { useI18n } from 'vue-i18n'

/** Dates and amounts in the user's language. */
export function useFormat() {
  const { locale } = useI18n()
  return {
    /** `2 Jan 2026, 14:05` */
    dateTime: (iso: string) =>
      new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso),
      ),
    /** A calendar date (`YYYY-MM-DD`) as written in the locale, without a time zone shift. */
    date: (day: string) =>
      new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${day}T00:00:00Z`),
      ),
    /** An amount with two decimals; the currency is the tenant's business, not the app's. */
    amount: (value: number) =>
      new Intl.NumberFormat(locale.value, {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(value),
  }
}
