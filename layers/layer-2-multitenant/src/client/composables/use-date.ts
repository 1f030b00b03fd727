import { useI18n } from 'vue-i18n'

/** Formats an ISO time as a date in the user's locale (`2 Jan 2026`). */
export function useDate(): (iso: string) => string {
  const { locale } = useI18n()
  return (iso) =>
    new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }).format(new Date(iso))
}
