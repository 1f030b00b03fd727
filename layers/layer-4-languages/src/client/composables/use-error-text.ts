import { ApiError } from '@stratum/layer-core/client'
import { useI18n } from 'vue-i18n'
import { LanguagesErrorCode } from '../../shared/errors.ts'

/** Turns a failure into this layer's translated text (`languages.errors.<CODE>`). */
export function useErrorText() {
  const { t } = useI18n()
  return (error: unknown): string => {
    const code = error instanceof ApiError ? error.code : undefined
    return code && code in LanguagesErrorCode
      ? t(`languages.errors.${code}`)
      : t('languages.errors.generic')
  }
}
