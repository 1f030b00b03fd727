import { useThemeStore } from '../stores/theme-store.ts'
import { computed, defineAsyncComponent, type Component, type ComputedRef } from 'vue'

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
