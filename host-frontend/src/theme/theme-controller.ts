import {
  applyTheme,
  resolveTheme,
  useThemeStore,
  type ThemeConfig,
  type ThemeController,
  type ThemeTokens,
} from '@stratum/layer-core/client'
import type { Pinia } from 'pinia'
import { readonly, ref } from 'vue'
import { pickTheme, type ThemeDetection } from './detect-theme.ts'
import {
  loadThemeChain,
  loadThemeModule,
  themeNames,
  type ThemeModuleLoader,
} from './load-theme.ts'
import { themeTokens } from './theme-tokens.ts'

/**
 * The running app's theme: core's {@link ThemeController} (detection: subdomain → tenant →
 * default → base, and a local preview on top), plus what only the host does with it.
 */
export interface HostThemeController extends ThemeController {
  /** The live layers' tokens, in layer order (applied between base and the child theme). */
  setLayerTokens(tokens: readonly ThemeTokens[]): Promise<void>
  /** Applies what the sources say now; resolves once it is on screen. */
  apply(): Promise<void>
}

/** Options of {@link createThemeController}. */
export interface ThemeControllerOptions {
  readonly pinia: Pinia
  /** The server's answer before sign-in. */
  readonly detection: ThemeDetection
  /** @default themeNames() (every `themes/*` folder) */
  readonly available?: readonly string[]
  /** @default loadThemeModule */
  readonly loadModule?: ThemeModuleLoader
}

/** Creates the app's theme controller; nothing is applied until the first `apply()`. */
export function createThemeController(options: ThemeControllerOptions): HostThemeController {
  const available = options.available ?? themeNames()
  const loadModule = options.loadModule ?? loadThemeModule
  const store = useThemeStore(options.pinia)
  const active = ref('')
  const previewing = ref<string>()
  let tenantTheme: string | undefined
  let layerTokens: readonly ThemeTokens[] = []
  let generation = 0

  async function apply(): Promise<void> {
    const mine = ++generation
    const name =
      previewing.value ??
      pickTheme(
        {
          subdomain: options.detection.subdomain,
          tenant: tenantTheme,
          fallback: options.detection.fallback,
        },
        available,
      )
    const chain = await loadThemeChain(name, loadModule)
    // A newer change started while this one loaded: that one decides.
    if (mine !== generation) return
    const theme: ThemeConfig = resolveTheme(name, new Map(chain.map((t) => [t.name, t])))
    store.setTheme(theme)
    applyTheme({ ...theme, variables: themeTokens(chain, layerTokens) })
    active.value = name
  }

  return {
    active: readonly(active),
    previewing: readonly(previewing),
    available,
    apply,
    setTenantTheme(name) {
      if (name === tenantTheme) return Promise.resolve()
      tenantTheme = name ?? undefined
      return apply()
    },
    async preview(name) {
      if (name !== undefined && !available.includes(name)) {
        throw new Error(`Theme '${name}' is unknown: no themes/${name}/theme.config.ts.`)
      }
      previewing.value = name
      await apply()
    },
    setLayerTokens(tokens) {
      layerTokens = [...tokens]
      return apply()
    },
  }
}
