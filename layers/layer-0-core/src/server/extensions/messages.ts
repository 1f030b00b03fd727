import type { Kysely } from 'kysely'
import {
  SHIPPED_LOCALES,
  SOURCE_LOCALE,
  fallbackChain,
  type LocaleCode,
  type LocaleInfo,
} from '../../shared/locales.ts'

/** A tree of message strings; leaves may hold `{name}` placeholders. */
export interface MessageTree {
  readonly [key: string]: string | MessageTree
}

/** Messages of several namespaces (layer ids) for one locale: `{ auth: { mail: { … } } }`. */
export type MessageBundle = Readonly<Record<string, MessageTree>>

/** Where a message source applies: a tenant's own wording wins over the global one. */
export interface MessageScope {
  readonly tenantId?: string
  /**
   * The caller's open transaction with `tenantId` already set (a tenant-scoped request): a source
   * that reads the database reads through it instead of opening a second one, which embedded
   * PGlite (one connection) could not serve while this one is open.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly transaction?: Kysely<any>
}

/**
 * `core.messages`: a source of locales and messages. It can add locales to the live list and
 * override any layer's keys, on the server (mail texts) and in the SPA
 * (`GET /api/core/messages/:locale`, merged with `mergeLocaleMessage`). Later sources win.
 */
export interface MessageSource {
  /**
   * Locales this source adds (or describes again, for example with another fallback). Read on
   * every {@link MessageCatalog.locales} call, so a source whose list changes at run time (a
   * database) exposes it as a getter and swaps in a new array; it must not mutate the old one.
   */
  readonly locales?: readonly LocaleInfo[]
  /** Fixed messages by locale, then namespace. */
  readonly messages?: Readonly<Record<LocaleCode, MessageBundle>>
  /**
   * Messages kept elsewhere (a database), for one locale and scope. Keep it fast: it is asked for
   * every mail and every SPA load in that locale, so cache on your side.
   */
  load?(locale: LocaleCode, scope: MessageScope): MessageBundle | Promise<MessageBundle>
}

/** A layer's compiled messages: en-US complete, other locales partial. */
export type CompiledMessages = { readonly 'en-US': MessageTree } & Readonly<
  Record<LocaleCode, MessageTree | undefined>
>

const lookup = (tree: MessageTree | undefined, path: readonly string[]): string | undefined => {
  let node: string | MessageTree | undefined = tree
  for (const part of path) {
    if (node === undefined || typeof node === 'string') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

const interpolate = (text: string, params: Readonly<Record<string, string | number>>): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )

/**
 * Messages on the server. Resolution of `<namespace>.<key>` in a locale: the sources (last first)
 * for each locale of the fallback chain, then the layer's compiled message for it, the chain being
 * the locale, its declared fallback, then en-US.
 */
export class MessageCatalog {
  readonly #compiled = new Map<string, CompiledMessages>()
  #locales: readonly LocaleInfo[] = []
  /** The sources' lists the merged one was built from: rebuilt only when one is swapped. */
  #builtFrom: ReadonlyArray<readonly LocaleInfo[] | undefined> | undefined

  constructor(private readonly sources: readonly MessageSource[] = []) {}

  /** A layer registers its compiled server messages (mail texts) under its id. */
  register(namespace: string, messages: CompiledMessages): void {
    if (this.#compiled.has(namespace)) {
      throw new Error(`Messages for the namespace '${namespace}' are registered twice.`)
    }
    this.#compiled.set(namespace, messages)
  }

  /** The compiled server messages registered so far, by namespace (the languages console lists them). */
  registered(): ReadonlyMap<string, CompiledMessages> {
    return this.#compiled
  }

  /**
   * Every live locale: the shipped ones plus those the sources add. The same array comes back
   * until a source swaps its list, so callers may cache what they derive from it by identity.
   */
  locales(): readonly LocaleInfo[] {
    const lists = this.sources.map((source) => source.locales)
    const built = this.#builtFrom
    if (built && lists.every((list, i) => list === built[i])) return this.#locales
    const byCode = new Map<string, LocaleInfo>(SHIPPED_LOCALES.map((l) => [l.code, l]))
    for (const list of lists) for (const l of list ?? []) byCode.set(l.code, l)
    this.#locales = [...byCode.values()]
    this.#builtFrom = lists
    return this.#locales
  }

  /** True when `locale` is live. */
  has(locale: LocaleCode): boolean {
    return this.locales().some((l) => l.code === locale)
  }

  /** True when some source can override messages (the SPA then fetches them). */
  get hasSources(): boolean {
    return this.sources.length > 0
  }

  /** What the sources give for `locale`, merged (later sources win), without the compiled base. */
  async overrides(
    locale: LocaleCode,
    scope: MessageScope = {},
  ): Promise<Record<string, MessageTree>> {
    const merged: Record<string, MessageTree> = {}
    for (const bundle of await this.#bundles(locale, scope)) {
      for (const [ns, tree] of Object.entries(bundle)) merged[ns] = deepMerge(merged[ns], tree)
    }
    return merged
  }

  /**
   * Returns a translator for one locale and scope: `t('auth.mail.subject', { brand })`. A key that
   * no locale of the chain holds comes back as the key itself.
   */
  async translator(
    locale: LocaleCode,
    scope: MessageScope = {},
  ): Promise<(key: string, params?: Readonly<Record<string, string | number>>) => string> {
    const chain = fallbackChain(locale, this.locales())
    const layers = await Promise.all(chain.map((l) => this.#bundles(l, scope)))
    return (key, params = {}) => {
      const [namespace, ...path] = key.split('.')
      for (const [i, code] of chain.entries()) {
        for (const bundle of [...layers[i]!].reverse()) {
          const found = lookup(bundle[namespace!], path)
          if (found !== undefined) return interpolate(found, params)
        }
        const compiled = this.#compiled.get(namespace!)
        const found = lookup(code === SOURCE_LOCALE ? compiled?.['en-US'] : compiled?.[code], path)
        if (found !== undefined) return interpolate(found, params)
      }
      return key
    }
  }

  async #bundles(locale: LocaleCode, scope: MessageScope): Promise<MessageBundle[]> {
    const bundles: MessageBundle[] = []
    for (const source of this.sources) {
      const fixed = source.messages?.[locale]
      if (fixed) bundles.push(fixed)
      if (source.load) bundles.push(await source.load(locale, scope))
    }
    return bundles
  }
}

function deepMerge(base: MessageTree | undefined, over: MessageTree): MessageTree {
  if (!base) return over
  const out: Record<string, string | MessageTree> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const existing = out[key]
    out[key] =
      typeof value === 'string' || typeof existing !== 'object' ? value : deepMerge(existing, value)
  }
  return out
}
