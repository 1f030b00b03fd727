import { isApiError } from '@stratum/layer-core/client'
import { isUnsafeTextIssue } from '@stratum/layer-core/shared'
import { nextTick, reactive, shallowRef, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { z } from 'zod'

/** Why a field was refused, worded per field in the messages (`<form>.fields.<field>.invalid`). */
export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'tooLong'; max: number }
  | { kind: 'invalid' }
  /** NUL or a broken (lone surrogate) character, often pasted: no field's own wording fits. */
  | { kind: 'unsafeText' }
  | { kind: 'code'; code: string }

/** The problem a zod issue describes, without its (English) text. */
export function problemOfIssue(issue: z.core.$ZodIssue): FieldProblem {
  if (isUnsafeTextIssue(issue)) return { kind: 'unsafeText' }
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1) {
    return { kind: 'required' }
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return { kind: 'tooLong', max: Number(issue.maximum) }
  }
  return { kind: 'invalid' }
}

/**
 * Field problems in a server error: `details.fields` of a `VALIDATION_FAILED`, or of a conflict
 * that names a field (`CLIENT_NAME_TAKEN` names `name`), keyed by the top-level field.
 */
export function problemsOfApiError(error: unknown): Record<string, FieldProblem> {
  if (!isApiError(error)) return {}
  const fields = (error.details as { fields?: unknown } | undefined)?.fields
  if (typeof fields !== 'object' || fields === null) return {}
  const problem: FieldProblem =
    error.code === 'VALIDATION_FAILED' ? { kind: 'invalid' } : { kind: 'code', code: error.code }
  return Object.fromEntries(Object.keys(fields).map((key) => [key.split('.')[0]!, problem]))
}

/** A form's errors: one translated text per field, and a failure that belongs to no field. */
export interface FormErrors<F extends string> {
  readonly fields: Partial<Record<F, string>>
  /** Not about a field: the form shows it with core's ErrorView (with the request id). */
  readonly failure: ShallowRef<unknown>
  /** Shows the schema's verdict; true when the value is valid. */
  check<T>(schema: z.ZodType<T>, value: unknown): value is T
  /** Shows a failed request: next to the fields it names, else as the form's failure. */
  fromApiError(error: unknown): void
  clear(): void
  /** DOM id of a field's control (`<prefix>-<field>`), for labels and focus. */
  idOf(field: F): string
  /** Moves focus to the first field with an error. */
  focusFirst(): Promise<void>
}

/**
 * Per-field errors for a form validated with the shared zod schemas and by the server. Texts
 * come from the messages (`authenticated.<form>.fields.<field>.invalid`, or the generic
 * `authenticated.form.*`), never from the schemas or the server, which speak English.
 */
export function useFormErrors<F extends string>(
  form: string,
  order: readonly F[],
  prefix: string,
): FormErrors<F> {
  const { t, te } = useI18n()
  const fields = reactive<Partial<Record<F, string>>>({}) as Partial<Record<F, string>>
  const failure = shallowRef<unknown>()
  const isField = (key: string): key is F => (order as readonly string[]).includes(key)

  function text(field: F, problem: FieldProblem): string {
    const own = `authenticated.${form}.fields.${field}.invalid`
    switch (problem.kind) {
      case 'required':
        return t('authenticated.form.required')
      case 'tooLong':
        return t('authenticated.form.tooLong', { max: problem.max })
      case 'unsafeText':
        return t('authenticated.form.unsafeText')
      case 'code':
        if (te(`authenticated.errors.${problem.code}`)) {
          return t(`authenticated.errors.${problem.code}`)
        }
        return te(own) ? t(own) : t('authenticated.form.invalid')
      default:
        return te(own) ? t(own) : t('authenticated.form.invalid')
    }
  }
  function clear() {
    for (const key of Object.keys(fields) as F[]) delete fields[key]
    failure.value = undefined
  }
  function set(problems: Record<string, FieldProblem>): boolean {
    let any = false
    for (const [key, problem] of Object.entries(problems)) {
      if (!isField(key) || fields[key]) continue
      fields[key] = text(key, problem)
      any = true
    }
    return any
  }
  function check<T>(schema: z.ZodType<T>, value: unknown): value is T {
    clear()
    const parsed = schema.safeParse(value)
    if (parsed.success) return true
    const problems: Record<string, FieldProblem> = {}
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '')
      problems[key] ??= problemOfIssue(issue)
    }
    if (!set(problems)) failure.value = parsed.error
    return false
  }
  function fromApiError(error: unknown) {
    clear()
    if (!set(problemsOfApiError(error))) failure.value = error
  }
  const idOf = (field: F) => `${prefix}-${field}`
  async function focusFirst() {
    await nextTick()
    const first = order.find((field) => fields[field])
    if (first) document.getElementById(idOf(first))?.focus()
  }
  return { fields, failure, check, fromApiError, clear, idOf, focusFirst }
}
