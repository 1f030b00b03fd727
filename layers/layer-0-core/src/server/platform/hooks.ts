/**
 * Events that cross-cutting layers (logging, audit) listen to. Layers add events by augmenting
 * this interface. With no listener, emitting costs one map lookup and does nothing.
 */
export interface StratumHooks {
  /** Something an administrator will want to find later: role, membership or policy changes. */
  audit: AuditEvent
}

/** One auditable change. Emitted by any layer; stored only when the logging layer is enabled. */
export interface AuditEvent {
  /** `<layer>.<resource>.<verb>`, for example `multitenant.member.role_changed`. */
  action: string
  actorId: string | undefined
  tenantId: string | undefined
  target?: { type: string; id: string }
  details?: Record<string, unknown>
  requestId?: string
}

type Listener<T> = (payload: T) => void | Promise<void>

/** A typed event bus; listener failures are reported, never thrown at the emitter. */
export class HookBus {
  readonly #listeners = new Map<string, Listener<unknown>[]>()

  constructor(private readonly onListenerError: (hook: string, error: unknown) => void) {}

  on<K extends keyof StratumHooks & string>(hook: K, listener: Listener<StratumHooks[K]>): void {
    const list = this.#listeners.get(hook) ?? []
    list.push(listener as Listener<unknown>)
    this.#listeners.set(hook, list)
  }

  /** Awaits every listener; a failing listener is logged and does not fail the caller. */
  async emit<K extends keyof StratumHooks & string>(
    hook: K,
    payload: StratumHooks[K],
  ): Promise<void> {
    const list = this.#listeners.get(hook)
    if (!list) return
    await Promise.all(
      list.map(async (listener) => {
        try {
          await listener(payload)
        } catch (error) {
          this.onListenerError(hook, error)
        }
      }),
    )
  }

  hasListeners(hook: keyof StratumHooks & string): boolean {
    return (this.#listeners.get(hook)?.length ?? 0) > 0
  }
}
