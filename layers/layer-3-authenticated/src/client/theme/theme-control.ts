import { useThemeStore } from '@stratum/layer-core/client'
import {
  computed,
  defineAsyncComponent,
  inject,
  type Component,
  type ComputedRef,
  type InjectionKey,
  type Ref,
} from 'vue'

/**
 * What this layer needs from the host's theme controller: the tenant's theme (detection step 2)
 * and a local preview. The host provides it under the global symbol below, because a layer
 * cannot import the host; without a host (component tests) there is none and previews hide.
 */
export interface ThemeControl {
  /** Name of the theme on screen. */
  readonly active: Readonly<Ref<string>>
  /** The theme being previewed, if any. */
  readonly previewing: Readonly<Ref<string | undefined>>
  /** Themes this build can show. */
  readonly available: readonly string[]
  setTenantTheme(name: string | undefined): Promise<void>
  /** Shows `name` on this screen only; `undefined` ends the preview. */
  preview(name: string | undefined): Promise<void>
}

/** The host's `themeControllerKey`, by its global symbol. */
export const themeControlKey: InjectionKey<ThemeControl> = Symbol.for('stratum.themeController')

/** The host's theme controller, inside a component's setup, or `undefined` without one. */
export const useThemeControl = (): ThemeControl | undefined => inject(themeControlKey, undefined)

// One async component per loader, so re-renders (and other shells) keep the same instance type.
const replacements = new WeakMap<() => Promise<{ default: Component }>, Component>()

/**
 * The active theme's replacement for the named shell component (`customComponents.AppHeader`),
 * or `fallback` when the theme has none. A replacement that fails to load falls back too.
 */
export function useThemeComponent(name: string, fallback: Component): ComputedRef<Component> {
  const themeStore = useThemeStore()
  return computed(() => {
    const load = themeStore.theme?.customComponents?.[name]
    if (!load) return fallback
    let component = replacements.get(load)
    if (!component) {
      component = defineAsyncComponent({
        // A theme module's default export, whether or not the bundler marked it as a module.
        loader: async () => (await load()).default,
        errorComponent: fallback,
      })
      replacements.set(load, component)
    }
    return component
  })
}
