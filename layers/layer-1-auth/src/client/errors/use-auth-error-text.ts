import { useI18n } from 'vue-i18n'
import { waitMessage, type AuthErrorMessage } from './auth-error.ts'

/** Turns an {@link AuthErrorMessage} into text in the user's language. */
export function useAuthErrorText(): (message: AuthErrorMessage) => string {
  const { t } = useI18n()
  const translate = ({ key, values, plural }: AuthErrorMessage): string =>
    plural === undefined ? t(`auth.${key}`, { ...values }) : t(`auth.${key}`, { ...values }, plural)
  return (message) => {
    const wait = message.values.wait
    if (typeof wait !== 'number') return translate(message)
    return translate({
      ...message,
      values: { ...message.values, time: translate(waitMessage(wait)) },
    })
  }
}
