import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'winston'
import { z } from 'zod'
import { importSourceModule } from './source-module.ts'

/** The fields of a `themes/<name>/theme.config.ts` the server needs (mail branding, detection). */
const themeFileSchema = z.looseObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().optional(),
  extends: z.string().optional(),
  logo: z.string().optional(),
  favicon: z.string().optional(),
  mail: z.looseObject({ senderName: z.string().trim().min(1).max(80).optional() }).optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
})

/** A theme as the server sees it, with values inherited from its parents. */
export interface ThemeInfo {
  readonly name: string
  /** Brand name shown in titles and mails. */
  readonly title: string
  /** File of the logo, when the theme ships one on disk. */
  readonly logoFile: string | undefined
  /** The sender name its mails carry, when the theme (or a parent) names one. */
  readonly senderName?: string | undefined
  /** `--color-primary` as a hex colour, for mails (which cannot read CSS variables). */
  readonly primaryColor?: string | undefined
}

const HEX_COLOUR = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i
const primaryOf = (variables: Record<string, unknown> | undefined) => {
  const value = variables?.['--color-primary']
  return typeof value === 'string' && HEX_COLOUR.test(value.trim()) ? value.trim() : undefined
}

const BASE = 'base'
const fileOf = (url: string | undefined) =>
  url?.startsWith('file:') ? fileURLToPath(url) : undefined

/** Every theme under `themes/`, and the rule that picks one for a request. */
export class ThemeCatalog {
  constructor(
    private readonly themes: ReadonlyMap<string, ThemeInfo>,
    private readonly fallback: string,
  ) {}

  names(): string[] {
    return [...this.themes.keys()]
  }

  get(name: string): ThemeInfo | undefined {
    return this.themes.get(name)
  }

  /** The theme the subdomain names (`client-a.example.com` → client-a), if any. */
  bySubdomain(host: string | undefined): ThemeInfo | undefined {
    const hostname = host?.replace(/:\d+$/, '').toLowerCase()
    // A bare host (`localhost`, an IP) has no subdomain to read.
    if (!hostname || !hostname.includes('.') || /^[\d.]+$/.test(hostname)) return undefined
    return this.themes.get(hostname.split('.')[0]!)
  }

  /** `DEFAULT_THEME` when it names a theme, base otherwise. */
  defaultTheme(): ThemeInfo {
    return this.themes.get(this.fallback) ?? this.themes.get(BASE)!
  }

  /** The subdomain's theme, then the default from the environment, then base. */
  forHost(host: string | undefined): ThemeInfo {
    return this.bySubdomain(host) ?? this.defaultTheme()
  }
}

/**
 * Loads `themes/<name>/theme.config.ts`. Adding a theme is adding a folder. An unknown default or
 * parent falls back to base with a warning.
 */
export async function loadThemeCatalog(
  root: string,
  defaultTheme: string,
  logger: Logger,
): Promise<ThemeCatalog> {
  const dir = join(root, 'themes')
  const folders = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) =>
    e.isDirectory(),
  )
  const raw = new Map<string, z.infer<typeof themeFileSchema>>()
  for (const folder of folders) {
    const file = join(dir, folder.name, 'theme.config.ts')
    try {
      const mod = (await importSourceModule(file)) as { default?: unknown }
      const parsed = themeFileSchema.safeParse(mod.default)
      if (parsed.success) raw.set(parsed.data.name, parsed.data)
      else logger.warn('theme ignored: invalid theme.config.ts', { theme: folder.name })
    } catch (error) {
      logger.warn('theme ignored: cannot load theme.config.ts', {
        theme: folder.name,
        error: String(error),
      })
    }
  }
  const resolve = (name: string, seen: string[] = []): ThemeInfo => {
    const theme = raw.get(name)
    if (!theme) return { name: BASE, title: 'Stratum', logoFile: undefined }
    const parentName = theme.extends
    const parent =
      parentName && !seen.includes(parentName) ? resolve(parentName, [...seen, name]) : undefined
    if (parentName && !raw.has(parentName))
      logger.warn('theme parent unknown: using base', { theme: name, extends: parentName })
    return {
      name,
      title: theme.title ?? parent?.title ?? 'Stratum',
      logoFile: fileOf(theme.logo) ?? parent?.logoFile,
      senderName: theme.mail?.senderName ?? parent?.senderName,
      primaryColor: primaryOf(theme.variables) ?? parent?.primaryColor,
    }
  }
  const themes = new Map([...raw.keys()].map((name) => [name, resolve(name)]))
  if (!themes.has(BASE)) themes.set(BASE, { name: BASE, title: 'Stratum', logoFile: undefined })
  if (!themes.has(defaultTheme))
    logger.warn('default theme unknown: using base', { theme: defaultTheme })
  return new ThemeCatalog(themes, defaultTheme)
}
