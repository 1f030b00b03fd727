import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  importSourceModule,
  type CompiledMessages,
  type Logger,
  type MessageTree,
} from '@stratum/layer-core/server'
import type { ResolvedLayer } from '@stratum/layer-core/shared'

/** `namespace → locale → flat key → text`. */
type FlatCatalog = Map<string, Map<string, Map<string, string>>>

/** A compiled key and its texts, as the console lists it. */
export interface CompiledKey {
  namespace: string
  key: string
  /** The en-US text. */
  source: string
}

function flatten(tree: MessageTree, prefix = '', out = new Map<string, string>()) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else flatten(value, path, out)
  }
  return out
}

/**
 * The layers' compiled messages, as the server sees them: the SPA's messages of every enabled
 * layer (each layer's public `./messages` package entry) and the server's own (mail texts
 * registered with `ctx.messages`). They are the base of the resolution order, the source of the
 * placeholder check and the key list of the console. A disabled layer is never read.
 */
export class CompiledCatalog {
  constructor(private readonly flat: FlatCatalog) {}

  /** en-US text of `namespace.key`, or undefined for a key no enabled layer compiles. */
  source(namespace: string, key: string): string | undefined {
    return this.flat.get(namespace)?.get('en-US')?.get(key)
  }

  /** The compiled text in `locale`, or undefined. */
  text(locale: string, namespace: string, key: string): string | undefined {
    return this.flat.get(namespace)?.get(locale)?.get(key)
  }

  /** Every compiled key (en-US is complete), sorted by namespace then key. */
  keys(namespace?: string): CompiledKey[] {
    const out: CompiledKey[] = []
    const namespaces = namespace ? [namespace] : [...this.flat.keys()].sort()
    for (const ns of namespaces) {
      const source = this.flat.get(ns)?.get('en-US')
      if (!source) continue
      for (const [key, text] of [...source.entries()].sort(([a], [b]) => a.localeCompare(b)))
        out.push({ namespace: ns, key, source: text })
    }
    return out
  }

  namespaces(): string[] {
    return [...this.flat.keys()].sort()
  }
}

function add(flat: FlatCatalog, namespace: string, messages: Readonly<Record<string, unknown>>) {
  const byLocale = flat.get(namespace) ?? new Map<string, Map<string, string>>()
  for (const [locale, tree] of Object.entries(messages)) {
    if (!tree || typeof tree !== 'object') continue
    const into = byLocale.get(locale) ?? new Map<string, string>()
    for (const [key, text] of flatten(tree as MessageTree)) into.set(key, text)
    byLocale.set(locale, into)
  }
  flat.set(namespace, byLocale)
}

/**
 * Reads the compiled messages of the enabled layers. A layer publishes its SPA messages as the
 * `./messages` entry of its package (`{ messages: { 'en-US': …, 'pt-BR': … } }`, plain objects);
 * the package is found the way the host finds layers (`layers/layer-<number>-<id>`), so no
 * layer imports another's files, and a layer without the entry simply has no client messages.
 */
export async function loadCompiledCatalog(options: {
  root: string
  layers: readonly ResolvedLayer[]
  server: ReadonlyMap<string, CompiledMessages>
  logger: Logger
}): Promise<CompiledCatalog> {
  const flat: FlatCatalog = new Map()
  for (const layer of options.layers) {
    const dir = join(options.root, 'layers', `layer-${layer.number}-${layer.id}`)
    let entry: string | undefined
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        exports?: Record<string, string>
      }
      entry = pkg.exports?.['./messages']
    } catch {
      continue // a layer that is not a package (a test fixture)
    }
    if (!entry) continue
    try {
      const mod = await importSourceModule(join(dir, entry))
      const messages = mod.messages
      if (messages && typeof messages === 'object')
        add(flat, layer.id, messages as Record<string, unknown>)
    } catch (error) {
      options.logger.warn('compiled messages of a layer could not be read', {
        layer: layer.id,
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
  for (const [namespace, messages] of options.server) add(flat, namespace, messages)
  return new CompiledCatalog(flat)
}
