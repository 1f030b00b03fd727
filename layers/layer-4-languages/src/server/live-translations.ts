import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CacheStore, Database, Logger, MessageTree } from '@stratum/layer-core/server'
import { fallbackChain, type LocaleInfo } from '@stratum/layer-core/shared'
import type { TranslationOrigin } from '../shared/translation-schemas.ts'
import type { CompiledCatalog } from './compiled-messages.ts'
import type { LanguagesDatabase } from './tables.ts'
import { VersionKey } from './version-key.ts'

/** Cached bundles live an hour; the version key makes them stale at once on any change. */
const BUNDLE_TTL_MS = 3_600_000
/** Bundles kept in process per version (the version is read from the cache on every request). */
const MEMO_LIMIT = 500

/** `namespace.key → value` for one locale: tenant values over global ones. */
type FlatValues = Map<string, { value: string; origin: 'tenant' | 'global' }>

/** A locale row as this layer keeps it in memory. */
export type LocaleEntry = Omit<LocaleInfo, 'flag'> & {
  flag: string | null
  isActive: boolean
  isDefault: boolean
}

/** A serialised bundle and its strong ETag. */
export interface BundleBody {
  etag: string
  body: string
}

const setPath = (tree: Record<string, MessageTree | string>, path: string[], value: string) => {
  let node = tree
  for (const part of path.slice(0, -1)) {
    const next = node[part]
    if (typeof next === 'object') node = next as Record<string, MessageTree | string>
    else node = node[part] = {}
  }
  node[path[path.length - 1]!] = value
}

/** Turns `ns.a.b → text` into `{ ns: { a: { b: text } } }`. */
export function toTree(flat: Iterable<[string, string]>): Record<string, MessageTree> {
  const out: Record<string, MessageTree | string> = {}
  for (const [key, value] of flat) setPath(out, key.split('.'), value)
  return out as Record<string, MessageTree>
}

/**
 * Database wording as requests read it: the live locale list, values per locale and tenant, the
 * resolution of one key, and bundles cached per (version, locale, tenant, namespace) in the cache
 * store (and in process for the current version).
 */
export class LiveTranslations {
  readonly version: VersionKey
  /** Active locales as core's message catalog reads them (a new array on every change). */
  liveLocales: readonly LocaleInfo[] = []
  /** Every locale, active or not, with its extra columns. */
  allLocales: readonly LocaleEntry[] = []
  #localesAt: string | undefined
  #memo = new Map<string, BundleBody>()
  #memoVersion: string | undefined
  #compiled: CompiledCatalog | undefined

  constructor(
    private readonly database: Database,
    private readonly cache: CacheStore,
    private readonly logger: Logger,
  ) {
    this.version = new VersionKey(cache, logger)
  }

  #db = () => this.database.db as Kysely<LanguagesDatabase>

  /** Set once in `init`, when every earlier layer has registered its server messages. */
  useCompiled(compiled: CompiledCatalog): void {
    this.#compiled = compiled
  }

  get compiled(): CompiledCatalog {
    if (!this.#compiled) throw new Error('The languages layer has not finished its init.')
    return this.#compiled
  }

  /** Reloads the locale list from the database. */
  async loadLocales(): Promise<void> {
    const rows = await this.#db()
      .selectFrom('i18n_locales')
      .selectAll()
      .orderBy('is_default', 'desc')
      .orderBy('code')
      .execute()
    this.allLocales = rows.map((r) => ({
      code: r.code,
      name: r.english_name,
      nativeName: r.native_name,
      rtl: r.is_rtl,
      ...(r.fallback ? { fallback: r.fallback } : {}),
      flag: r.flag,
      isActive: r.is_active,
      isDefault: r.is_default,
    }))
    this.liveLocales = this.allLocales
      .filter((l) => l.isActive)
      .map(({ isActive: _a, isDefault: _d, flag, ...info }) => ({
        ...info,
        // The SPA draws the flag from it (core's live locale list).
        ...(flag ? { flag } : {}),
      }))
  }

  /**
   * The current version; reloads the locale list when another replica changed something, so this
   * replica's list (and core's catalog) follows within one request.
   */
  async currentVersion(): Promise<string | undefined> {
    const version = await this.version.current()
    if (version === undefined || version !== this.#localesAt) {
      await this.loadLocales()
      this.#localesAt = version
    }
    return version
  }

  /** After a committed change: new version, fresh locale list here. */
  async changed(): Promise<void> {
    await this.version.bump()
    this.#memo.clear()
    await this.loadLocales()
    this.#localesAt = undefined
  }

  chain(locale: string): string[] {
    return fallbackChain(locale, this.liveLocales)
  }

  /** Values of one locale: the tenant's over the global ones. Reads through row-level security. */
  async values(
    locale: string,
    tenantId: string | undefined,
    transaction?: Kysely<LanguagesDatabase>,
  ): Promise<FlatValues> {
    const read = (db: Kysely<LanguagesDatabase>) =>
      db
        .selectFrom('i18n_translations')
        .select(['namespace', 'key', 'value', 'tenant_id'])
        .where('locale', '=', locale)
        // Global first, so the tenant's rows overwrite them below.
        .orderBy('tenant_id', (ob) => ob.asc().nullsFirst())
        .execute()
    const rows = transaction
      ? await read(transaction)
      : tenantId
        ? await this.database.withSettings({ 'app.tenant_id': tenantId }, (trx) => read(trx))
        : await read(this.#db())
    const out: FlatValues = new Map()
    for (const row of rows) {
      out.set(`${row.namespace}.${row.key}`, {
        value: row.value,
        origin: row.tenant_id ? 'tenant' : 'global',
      })
    }
    return out
  }

  /** One key along the resolution order: tenant → global → compiled, per locale of the chain. */
  async resolve(
    locale: string,
    fullKey: string,
    tenantId: string | undefined,
  ): Promise<{ value: string; origin: TranslationOrigin } | undefined> {
    const dot = fullKey.indexOf('.')
    const namespace = fullKey.slice(0, dot)
    const key = fullKey.slice(dot + 1)
    for (const [i, code] of this.chain(locale).entries()) {
      const found = (await this.values(code, tenantId)).get(fullKey)
      if (found) return { value: found.value, origin: i === 0 ? found.origin : 'fallback' }
      const compiled = this.compiled.text(code, namespace, key)
      if (compiled !== undefined)
        return { value: compiled, origin: i === 0 ? 'compiled' : 'fallback' }
    }
    return undefined
  }

  /**
   * The database values the SPA merges over its compiled messages for `locale`: each key whose
   * resolution ends at a database value. A fallback locale's value is included only where neither
   * the locale's database values nor its compiled messages have the key, so a global en-US edit
   * never hides a compiled pt-BR text.
   */
  async bundleValues(locale: string, tenantId: string | undefined): Promise<Map<string, string>> {
    const decided = new Set<string>()
    const out = new Map<string, string>()
    for (const code of this.chain(locale)) {
      for (const [key, { value }] of await this.values(code, tenantId)) {
        if (decided.has(key)) continue
        decided.add(key)
        out.set(key, value)
      }
      for (const { namespace, key } of this.compiled.keys()) {
        if (this.compiled.text(code, namespace, key) !== undefined)
          decided.add(`${namespace}.${key}`)
      }
    }
    return out
  }

  /** The serialised public bundle, from the caches when the version allows. */
  async bundle(
    locale: string,
    tenantId: string | undefined,
    namespace: string | undefined,
    version: string | undefined,
  ): Promise<BundleBody> {
    const build = async (): Promise<BundleBody> => {
      const values = await this.bundleValues(locale, tenantId)
      const entries = [...values].filter(([key]) => !namespace || key.startsWith(`${namespace}.`))
      const body = JSON.stringify({
        locale,
        version: version ?? 'uncached',
        messages: toTree(entries),
      })
      return {
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        body,
      }
    }
    if (version === undefined) return build()
    if (this.#memoVersion !== version) {
      this.#memo.clear()
      this.#memoVersion = version
    }
    const key = `i18n:bundle:${version}:${locale}:${tenantId ?? 'global'}:${namespace ?? '*'}`
    const memo = this.#memo.get(key)
    if (memo) return memo
    let found: BundleBody | undefined
    try {
      const hit = await this.cache.get(key)
      if (hit) {
        const cut = hit.indexOf('\n')
        found = { etag: hit.slice(0, cut), body: hit.slice(cut + 1) }
      }
    } catch {
      // Cache down between two calls: build from the database.
    }
    if (!found) {
      found = await build()
      await this.cache
        .set(key, `${found.etag}\n${found.body}`, BUNDLE_TTL_MS)
        .catch(() => undefined)
    }
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear()
    this.#memo.set(key, found)
    return found
  }

  /** Per-locale values for core's catalog (mail texts): `{ namespace: tree }`, cached. */
  async messageBundle(
    locale: string,
    tenantId: string | undefined,
    transaction?: Kysely<LanguagesDatabase>,
  ) {
    // The cache alone: no locale reload, which would query outside `transaction`.
    const version = await this.version.current()
    const key = `i18n:values:${version}:${locale}:${tenantId ?? 'global'}`
    if (version !== undefined) {
      const hit = await this.cache.get(key).catch(() => undefined)
      if (hit) return JSON.parse(hit) as Record<string, MessageTree>
    }
    const values = await this.values(locale, tenantId, tenantId ? transaction : undefined)
    const tree = toTree([...values].map(([k, v]) => [k, v.value]))
    if (version !== undefined)
      await this.cache.set(key, JSON.stringify(tree), BUNDLE_TTL_MS).catch(() => undefined)
    return tree
  }
}
