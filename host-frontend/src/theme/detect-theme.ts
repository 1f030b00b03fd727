import { BASE_THEME, type ApiClient } from '@stratum/layer-core/client'

/** Where a theme name can come from, strongest first (see {@link pickTheme}). */
export interface ThemeSources {
  /** The theme the request's subdomain names (`client-a.example.com`), from the server. */
  subdomain?: string | undefined
  /** The current tenant's theme setting, once signed in. */
  tenant?: string | undefined
  /** The host's default (`DEFAULT_THEME`), from the server. */
  fallback?: string | undefined
}

/**
 * Detection order: the subdomain, then the tenant's setting, then the env default, then base.
 * The first source that names a theme decides; a name this build does not know gives base
 * (the server warns about an unknown default at start-up).
 */
export function pickTheme(sources: ThemeSources, available: readonly string[]): string {
  const wanted = [sources.subdomain, sources.tenant, sources.fallback].find(Boolean)
  return wanted && available.includes(wanted) ? wanted : BASE_THEME
}

/** What the server says before sign-in: `GET /api/core/theme`. */
export interface ThemeDetection {
  readonly subdomain: string | undefined
  readonly fallback: string
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
// A hand-written check keeps zod out of the boot path.
const detectionParser = {
  parse(data: unknown): ThemeDetection {
    if (!isObject(data)) throw new TypeError('Expected { subdomain, default }.')
    return {
      subdomain: typeof data.subdomain === 'string' ? data.subdomain : undefined,
      fallback: typeof data.default === 'string' ? data.default : BASE_THEME,
    }
  },
}

/**
 * Asks the server which theme the subdomain names and which is the default. A failure (an older
 * backend, a static host) is not fatal: the app starts in base.
 */
export async function fetchThemeDetection(api: ApiClient): Promise<ThemeDetection> {
  try {
    return await api.get('/api/core/theme', { schema: detectionParser })
  } catch {
    return { subdomain: undefined, fallback: BASE_THEME }
  }
}
