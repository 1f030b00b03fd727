import type { Database, Listening, Logger } from '@stratum/layer-core/server'
import { TENANT_DATA_CHANNEL } from './migrations/20261203000000_tenant_data_changes.ts'

/** Pause before trying again to listen when the first attempt failed. */
const RETRY_MS = 5000

/**
 * What this process knows of changes to each tenant's data: a version per tenant that moves on
 * every committed write to a watched table (`watchTenantData`), from any process, as PostgreSQL
 * announces it on {@link TENANT_DATA_CHANNEL}, and at once for writes this process commits itself.
 *
 * A value read after `version(t)` returned v, and kept under v, is never older than the tenant's
 * data as it stood when v was current: a commit that could make it old moves the version on. The
 * one window is a commit of another process whose notification is still on its way (a
 * millisecond or so): this process may answer from what it kept until the notification lands.
 *
 * While nothing listens (before the first `LISTEN`, or after the connection dropped until it
 * listens again) `version` is undefined: nothing may be kept or answered from memory, since a
 * change could go unheard. Every version from before a loss is void after it.
 */
export class TenantChanges {
  /** The last version number handed out; every move takes the next, so none is ever reused. */
  #counter = 0
  /** Moves for `*` (a write with no tenant set) and on every loss and resumption. */
  #all = 0
  readonly #tenants = new Map<string, number>()
  #live = false
  #closed = false
  #listening: Listening | undefined
  #retry: NodeJS.Timeout | undefined

  constructor(private readonly logger: Logger) {}

  /**
   * Starts listening. Resolves once listening, or once the first attempt failed (then it is
   * logged, versions stay undefined and it tries again every 5 s): a start never fails for this.
   */
  async start(database: Database): Promise<void> {
    try {
      this.#listening = await database.listen(TENANT_DATA_CHANNEL, {
        message: (payload) => this.changed(payload),
        lost: () => {
          this.#live = false
          this.#all = ++this.#counter
        },
        resumed: () => {
          this.#all = ++this.#counter
          this.#live = true
        },
      })
      if (this.#closed) {
        await this.#listening.close()
        return
      }
      this.#live = true
    } catch (error) {
      this.logger.warn(
        `Cannot listen for tenant data changes yet (${String(error)}); cached tenant answers stay off until it can.`,
      )
      if (this.#closed) return
      this.#retry = setTimeout(() => void this.start(database), RETRY_MS)
      this.#retry.unref()
    }
  }

  /** True while changes are heard, so kept values may be trusted. */
  get live(): boolean {
    return this.#live
  }

  /** The tenant's data version, or undefined while changes cannot be heard. */
  version(tenantId: string): string | undefined {
    if (!this.#live) return undefined
    return `${this.#all}.${this.#tenants.get(tenantId) ?? 0}`
  }

  /** Records a change of the tenant's data (`*`: every tenant's). */
  changed(tenantId: string): void {
    if (tenantId === '*') this.#all = ++this.#counter
    else this.#tenants.set(tenantId.toLowerCase(), ++this.#counter)
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#live = false
    if (this.#retry) clearTimeout(this.#retry)
    await this.#listening?.close()
  }
}
