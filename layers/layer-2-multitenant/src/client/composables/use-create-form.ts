import { computed, ref, shallowRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { describeTenantError, invalidFields } from '../errors/tenant-error.ts'
import { useTenantErrorText } from '../errors/use-tenant-error-text.ts'

/**
 * The submit cycle of a create form: required fields checked before sending, the server's
 * field objections and known refusals kept apart from unexpected failures, and no double submit.
 * `fields` are the form's text inputs by name; all of them are cleared after `send` succeeds.
 */
export function useCreateForm<T>(options: {
  fields: Record<string, Ref<string>>
  required: readonly string[]
  send: () => Promise<T>
  created: (value: T) => void
}) {
  const { t } = useI18n()
  const errorText = useTenantErrorText()
  const submitting = ref(false)
  const failure = shallowRef<unknown>()
  const problems = ref<ReadonlySet<string>>(new Set())

  /**
   * The message for a field: "required" when it is blank; with `explainRefusal`, the server's
   * known refusal that named it (a taken key or slug); otherwise `invalid`.
   */
  const problem = (field: string, invalid: () => string, explainRefusal = false) =>
    computed(() =>
      !problems.value.has(field)
        ? undefined
        : options.fields[field]!.value.trim() === ''
          ? t('multitenant.fields.required')
          : (explainRefusal && describeTenantError(failure.value) && errorText(failure.value)) ||
            invalid(),
    )
  // A refusal that names a field shows next to it; other known refusals go in the alert.
  const known = computed(() =>
    problems.value.size === 0 && describeTenantError(failure.value)
      ? errorText(failure.value)
      : undefined,
  )
  const unexpected = computed(
    () =>
      failure.value !== undefined &&
      !describeTenantError(failure.value) &&
      problems.value.size === 0,
  )

  async function submit() {
    if (submitting.value) return
    failure.value = undefined
    problems.value = new Set(
      options.required.filter((field) => options.fields[field]!.value.trim() === ''),
    )
    if (problems.value.size > 0) return
    submitting.value = true
    try {
      const value = await options.send()
      for (const field of Object.values(options.fields)) field.value = ''
      options.created(value)
    } catch (error) {
      failure.value = error
      problems.value = invalidFields(error)
    } finally {
      submitting.value = false
    }
  }

  return { submitting, failure, problem, known, unexpected, submit }
}
