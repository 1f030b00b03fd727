import {
  defineServerLayer,
  type AnyServerLayer,
  type AuditRecord,
  type RequestEvent,
} from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'

/** What the probe's sink received: the record, and whether a transaction came along with it. */
export type ProbedAuditRecord = AuditRecord & { readonly inTransaction: boolean }

/** A `core.audit` sink for tests, contributed by a layer of its own. */
export interface AuditProbe {
  /** Pass it in `extraLayers`. */
  readonly layer: AnyServerLayer
  /** Every record written, in order. */
  readonly records: ProbedAuditRecord[]
  /** Every finished request, as `core.requestEvents` listeners see it. */
  readonly events: RequestEvent[]
}

/** The probe's entry in a layers config: add it next to the layers under test. */
export const AUDIT_PROBE_ENTRY = { name: 'audit-probe', enabled: true } as const

/**
 * A fresh audit probe: a tiny layer whose `core.audit` sink keeps every record in `records`, so a
 * test can assert what a route audited (action, target, before, after) and that the sink got the
 * request's transaction; it also keeps every request event. Enable it with
 * {@link AUDIT_PROBE_ENTRY}.
 */
export function createAuditProbe(): AuditProbe {
  const records: ProbedAuditRecord[] = []
  const events: RequestEvent[] = []
  const layer = defineServerLayer({
    manifest: defineManifest({
      id: 'audit-probe',
      number: 91,
      priority: 100,
      dependsOn: ['core'],
      version: '0.0.1',
    }),
    contributes: {
      'core.audit': {
        write: (record, transaction) => {
          records.push({ ...record, inTransaction: transaction !== undefined })
        },
      },
      'core.requestEvents': (event) => {
        events.push(event)
      },
    },
    init: () => ({}),
  })
  return { layer, records, events }
}
