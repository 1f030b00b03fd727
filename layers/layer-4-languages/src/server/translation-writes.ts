import { sql } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { LanguagesErrorCode } from '../shared/errors.ts'
import { compareMessageShape } from '../shared/message-shape.ts'
import type { HistorySource, TranslationItem } from '../shared/translation-schemas.ts'
import type { CompiledCatalog } from './compiled-messages.ts'
import type { TranslationRow } from './tables.ts'
import type { ActingScope } from './translation-scope.ts'

/** One value to write in the acting scope. */
export interface ValueWrite {
  locale: string
  namespace: string
  key: string
  value: string
  /**
   * The version the editor saw: absent means "create" (a 409 if a row exists), `'current'`
   * overwrites whatever is there (CSV import, resolving a missing key).
   */
  version: number | 'current' | undefined
  source: HistorySource
}

/** What a write did; `conflict` when the version was stale (`current`: the row now, if any). */
export type WriteOutcome =
  | {
      kind: 'added' | 'changed' | 'unchanged'
      before: TranslationRow | undefined
      row: TranslationRow
    }
  | { kind: 'conflict'; current: TranslationRow | undefined }

const iso = (value: Date | string) => new Date(value).toISOString()

/** A database row as the console shows it, with its compiled texts. */
export function toItem(
  compiled: CompiledCatalog,
  row: TranslationRow,
): TranslationItem & { id: string } {
  return {
    namespace: row.namespace,
    key: row.key,
    locale: row.locale,
    value: row.value,
    source: compiled.source(row.namespace, row.key) ?? null,
    compiled: compiled.text(row.locale, row.namespace, row.key) ?? null,
    id: row.id,
    version: row.version,
    tenantId: row.tenant_id,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  }
}

/** The 409 every stale write answers, with the row as it is now (or null when it is gone). */
export const versionConflict = (compiled: CompiledCatalog, current: TranslationRow | undefined) =>
  new AppError(
    409,
    LanguagesErrorCode.TRANSLATION_VERSION_CONFLICT,
    'Someone changed this value since you loaded it; review the current value and try again.',
    { current: current ? toItem(compiled, current) : null },
  )

/** Refuses a key no enabled layer compiles, and a value whose shape differs from its source. */
export function checkValue(
  compiled: CompiledCatalog,
  input: Pick<ValueWrite, 'locale' | 'namespace' | 'key' | 'value'>,
): void {
  const source = compiled.source(input.namespace, input.key)
  if (source === undefined)
    throw new AppError(
      422,
      LanguagesErrorCode.TRANSLATION_KEY_UNKNOWN,
      `'${input.namespace}.${input.key}' is not a message of any enabled layer.`,
    )
  const mismatch = compareMessageShape(source, input.value, input.locale)
  if (mismatch)
    throw new AppError(422, LanguagesErrorCode.TRANSLATION_PLACEHOLDER_MISMATCH, mismatch.message, {
      reason: mismatch.reason,
      missing: mismatch.missing,
      extra: mismatch.extra,
      expectedBranches: mismatch.expectedBranches,
      actualBranches: mismatch.actualBranches,
      fields: { value: [mismatch.message] },
    })
}

/** The row of a key in the acting scope, locked for the rest of the transaction. */
export const findRow = (acting: ActingScope, locale: string, namespace: string, key: string) =>
  acting.trx
    .selectFrom('i18n_translations')
    .selectAll()
    .where((eb) =>
      acting.tenantId === null
        ? eb('tenant_id', 'is', null)
        : eb('tenant_id', '=', acting.tenantId),
    )
    .where('locale', '=', locale)
    .where('namespace', '=', namespace)
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst()

async function recordHistory(
  acting: ActingScope,
  row: TranslationRow,
  oldValue: string | null,
  newValue: string | null,
  version: number,
  source: HistorySource,
) {
  await acting.trx
    .insertInto('i18n_translation_history')
    .values({
      translation_id: row.id,
      tenant_id: row.tenant_id,
      locale: row.locale,
      namespace: row.namespace,
      key: row.key,
      old_value: oldValue,
      new_value: newValue,
      version,
      changed_by: acting.userId,
      source,
    })
    .execute()
}

/**
 * Creates or updates one value with optimistic concurrency, and writes its history step. The
 * caller checks the value ({@link checkValue}) and audits.
 */
export async function writeValue(acting: ActingScope, input: ValueWrite): Promise<WriteOutcome> {
  const before = await findRow(acting, input.locale, input.namespace, input.key)
  if (!before) {
    if (typeof input.version === 'number') return { kind: 'conflict', current: undefined }
    const row = await acting.trx
      .insertInto('i18n_translations')
      .values({
        tenant_id: acting.tenantId,
        locale: input.locale,
        namespace: input.namespace,
        key: input.key,
        value: input.value,
        updated_by: acting.userId,
      })
      .onConflict((oc) => oc.constraint('i18n_translations_key').doNothing())
      .returningAll()
      .executeTakeFirst()
    // Someone created it between our read and our insert: the creator who lost gets the 409.
    if (!row)
      return {
        kind: 'conflict',
        current: await findRow(acting, input.locale, input.namespace, input.key),
      }
    await recordHistory(acting, row, null, row.value, row.version, input.source)
    return { kind: 'added', before: undefined, row }
  }
  if (
    input.version === undefined ||
    (input.version !== 'current' && input.version !== before.version)
  )
    return { kind: 'conflict', current: before }
  if (before.value === input.value) return { kind: 'unchanged', before, row: before }
  const row = await acting.trx
    .updateTable('i18n_translations')
    .set({
      value: input.value,
      version: sql<number>`version + 1`,
      updated_by: acting.userId,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordHistory(acting, row, before.value, row.value, row.version, input.source)
  return { kind: 'changed', before, row }
}

/** Deletes a value at the version the editor saw; the history keeps the old value. */
export async function deleteValue(
  acting: ActingScope,
  row: TranslationRow,
  source: HistorySource,
): Promise<void> {
  await acting.trx.deleteFrom('i18n_translations').where('id', '=', row.id).execute()
  await recordHistory(acting, row, row.value, null, row.version + 1, source)
}
