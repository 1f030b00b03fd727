import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

/** Formats ISO times in the app's language: `time` (14:32) and `dateTime` (2 Dec 2026, 14:32). */
export function useDateTime() {
  const { locale } = useI18n()
  const time = computed(
    () => new Intl.DateTimeFormat(locale.value, { hour: '2-digit', minute: '2-digit' }),
  )
  const dateTime = computed(
    () => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }),
  )
  return {
    time: (iso: string) => time.value.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.value.format(new Date(iso)),
  }
}
