/**
 * Services layers provide to each other, keyed `<layer-id>.<name>`. A layer that provides one
 * augments this interface, so consumers get its type without a deep import.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StratumServices {}

export type ServiceId = keyof StratumServices & string

/** Read access to the services that layers earlier in the order have provided. */
export class ServiceRegistry {
  readonly #services = new Map<string, { value: unknown; provider: string }>()

  provide(provider: string, services: Partial<StratumServices>): void {
    for (const [id, value] of Object.entries(services)) {
      const existing = this.#services.get(id)
      if (existing) {
        throw new Error(
          `Layers '${existing.provider}' and '${provider}' both provide the service '${id}'.`,
        )
      }
      this.#services.set(id, { value, provider })
    }
  }

  /** Returns a service; throws a sentence naming the consumer when no enabled layer provides it. */
  get<K extends ServiceId>(id: K, consumer = 'a layer'): StratumServices[K] {
    const entry = this.#services.get(id)
    if (!entry) {
      throw new Error(
        `Layer '${consumer}' needs the service '${id}', which no enabled layer provides.`,
      )
    }
    return entry.value as StratumServices[K]
  }

  has(id: string): boolean {
    return this.#services.has(id)
  }

  ids(): string[] {
    return [...this.#services.keys()]
  }
}
