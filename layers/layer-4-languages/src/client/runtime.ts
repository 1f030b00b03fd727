import { inject, type App, type InjectionKey } from 'vue'
import type { TranslationBundles } from './i18n/translation-bundles.ts'
import type { WordingMarkers } from './in-context/wording-markers.ts'

/** What the layer's components share with its install hook. */
export interface LanguagesRuntime {
  /** Refresh after an edit so the page shows the new wording at once. */
  readonly bundles: TranslationBundles
  readonly markers: WordingMarkers
}

const RUNTIME: InjectionKey<LanguagesRuntime> = Symbol('languages.runtime')

export function provideLanguagesRuntime(app: App, runtime: LanguagesRuntime): void {
  app.provide(RUNTIME, runtime)
}

/** The runtime the install hook provided (components of this layer only). */
export function useLanguagesRuntime(): LanguagesRuntime {
  const runtime = inject(RUNTIME)
  if (!runtime) throw new Error('The languages layer is not installed.')
  return runtime
}
