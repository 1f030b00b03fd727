import { useI18n } from 'vue-i18n'
import { compareMessageShape } from '../../shared/message-shape.ts'

/**
 * The placeholder and plural check the server runs, done before saving: returns the translated
 * reason a value does not fit its en-US source, or undefined when it fits (or has no source).
 */
export function useShapeCheck() {
  const { t } = useI18n()
  return (source: string | null | undefined, value: string, locale: string) => {
    if (!source) return undefined
    const mismatch = compareMessageShape(source, value, locale)
    if (!mismatch) return undefined
    const names = (list: string[]) => list.map((name) => `{${name}}`).join(', ')
    if (mismatch.reason === 'PLURAL_MISMATCH') {
      return t('languages.console.shape.plural', {
        expected: mismatch.expectedBranches.join(' / '),
        actual: mismatch.actualBranches,
      })
    }
    return mismatch.missing.length > 0
      ? t('languages.console.shape.missing', { names: names(mismatch.missing) })
      : t('languages.console.shape.extra', { names: names(mismatch.extra) })
  }
}
