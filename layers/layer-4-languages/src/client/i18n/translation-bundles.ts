import { loadLocaleMessages, type AppI18n } from '@stratum/layer-core/client'
import type { MessageTree } from '../../shared/index.ts'

/** A message tree as vue-i18n holds it (leaves may be compiled functions). */
export type Tree = { [key: string]: unknown }

/** The database values of one locale, merged over the compiled messages. */
export interface TranslationBundles {
  /**
   * Fetches `locale`'s values and merges them over the compiled messages, first putting back
   * the compiled text of every key a previous bundle of that locale replaced (so switching
   * tenant drops the old tenant's wording). A failed fetch keeps what is shown.
   */
  refresh(locale: string): Promise<void>
  /** The `namespace.key` paths the database currently replaces in `locale`. */
  overridden(locale: string): string[]
}

function flatten(tree: MessageTree, prefix = '', into = new Map<string, string>()) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') into.set(path, value)
    else flatten(value, path, into)
  }
  return into
}

function read(tree: Tree, path: string): unknown {
  let node: unknown = tree
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined
    node = (node as Tree)[part]
  }
  return node
}

/** Writes (or, for `undefined`, deletes) one leaf; writing through vue-i18n's reactive tree re-renders. */
function write(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.')
  const leaf = parts.pop()!
  let node = tree
  for (const part of parts) {
    const next = node[part]
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return
      node[part] = {}
    }
    node = node[part] as Tree
  }
  if (value === undefined) delete node[leaf]
  else node[leaf] = value
}

/** A copy of a message tree's objects; leaves (strings, compiled functions) are shared. */
export function copyMessages(tree: unknown): Tree {
  const out: Tree = {}
  if (tree === null || typeof tree !== 'object') return out
  for (const [key, value] of Object.entries(tree)) {
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? copyMessages(value)
        : value
  }
  return out
}

/**
 * Keeps the database values (`GET /api/i18n/translations/:locale`) merged over the compiled
 * messages with `mergeLocaleMessage`, without a reload. `compiled` is a copy of the messages
 * taken before anything merged database values ({@link copyMessages}). It remembers, per locale, the compiled
 * value each database value covers, so a refresh after a tenant switch or an edit first
 * restores them. The response carries a strong ETag: the browser revalidates with
 * `If-None-Match` and gets a 304 while nothing changed.
 */
export function createTranslationBundles(
  i18n: AppI18n,
  load: (locale: string) => Promise<{ messages: MessageTree }>,
  compiled: Readonly<Record<string, Tree>> = {},
): TranslationBundles {
  const covered = new Map<string, Map<string, unknown>>()
  const latest = new Map<string, number>()

  function restore(locale: string) {
    const priors = covered.get(locale)
    if (!priors) return
    const messages = i18n.global.getLocaleMessage(locale) as Tree
    for (const [path, prior] of priors) write(messages, path, prior)
    covered.delete(locale)
  }

  function apply(locale: string, tree: MessageTree) {
    restore(locale)
    const flat = flatten(tree)
    const messages = i18n.global.getLocaleMessage(locale) as Tree
    // The compiled text a value covers comes from the copy taken before any source merged
    // database values (core's message overrides carry the tenant at start-up too); a key the copy
    // lacks (a locale or layer loaded later) is read as shown now.
    const pristine = compiled[locale]
    const prior = (path: string) => {
      const before = pristine ? read(pristine, path) : undefined
      return before !== undefined ? before : read(messages, path)
    }
    covered.set(locale, new Map([...flat.keys()].map((path) => [path, prior(path)])))
    i18n.global.mergeLocaleMessage(locale, tree)
  }

  return {
    async refresh(locale) {
      const ticket = (latest.get(locale) ?? 0) + 1
      latest.set(locale, ticket)
      let bundle: { messages: MessageTree }
      try {
        // The layers' compiled messages of a locale load lazily: they must be in place first, or
        // arriving later they would cover the database values.
        ;[bundle] = await Promise.all([load(locale), loadLocaleMessages(i18n, locale)])
      } catch {
        return
      }
      // A newer refresh of the same locale (a second tenant switch) answers for it.
      if (latest.get(locale) !== ticket) return
      apply(locale, bundle.messages)
    },
    overridden: (locale) => [...(covered.get(locale)?.keys() ?? [])],
  }
}
