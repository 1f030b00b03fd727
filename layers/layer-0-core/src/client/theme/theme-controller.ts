import { inject, type App, type InjectionKey, type Ref } from 'vue'

/**
 * The running app's theme as layers see it: what is on screen, the tenant's theme (detection
 * step 2) and a local preview. The host implements it (detection: subdomain → tenant → default
 * → base) and hands it to every layer as `context.theme` and to components through
 * {@link useThemeController}.
 */
export interface ThemeController {
  /** Name of the theme on screen. */
  readonly active: Readonly<Ref<string>>
  /** The theme being previewed, if any; it wins over detection until the preview ends. */
  readonly previewing: Readonly<Ref<string | undefined>>
  /** Themes this build can show. */
  readonly available: readonly string[]
  /** Detection step 2: the current tenant's theme setting; `undefined` after sign-out. */
  setTenantTheme(name: string | undefined): Promise<void>
  /** Shows `name` on this screen only, without saving it; `undefined` ends the preview. */
  preview(name: string | undefined): Promise<void>
}

/** Injection key of the host's {@link ThemeController}. */
export const themeControllerKey: InjectionKey<ThemeController> = Symbol('core.themeController')

/** Makes `controller` available to every component through {@link useThemeController}. */
export function provideThemeController(app: App, controller: ThemeController): void {
  app.provide(themeControllerKey, controller)
}

/**
 * The host's theme controller, inside a component's setup; `undefined` when no host provided
 * one (a component mounted on its own in a test), so theme features can hide.
 */
export const useThemeController = (): ThemeController | undefined =>
  inject(themeControllerKey, undefined)
