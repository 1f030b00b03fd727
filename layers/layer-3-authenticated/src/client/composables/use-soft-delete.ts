import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'

interface Named {
  readonly id: string
  readonly name: string
}

/** Delete and restore of a list's rows, with a status line that offers to undo a delete. */
export interface SoftDelete<T extends Named> {
  /** The row an action is running for. */
  readonly busyId: Ref<string | undefined>
  /** What just happened, for the status region. */
  readonly status: Ref<string>
  /** The row just deleted, which the status line offers to restore. */
  readonly undoable: ShallowRef<T | undefined>
  /** A refused or failed action, for the page to show. */
  readonly failure: ShallowRef<unknown>
  remove(item: T): Promise<void>
  restore(item: T): Promise<void>
  /** Hides the status line (the toast's close button). */
  dismiss(): void
}

/**
 * Runs soft deletes and restores against the API, then `changed()` (the page reloads its list).
 * `kind` picks the messages: `authenticated.<kind>.deleted` and `.restored`.
 */
export function useSoftDelete<T extends Named>(
  kind: 'clients' | 'projects',
  api: { remove: (id: string) => Promise<T>; restore: (id: string) => Promise<T> },
  changed: () => unknown,
): SoftDelete<T> {
  const { t } = useI18n()
  const busyId = ref<string>()
  const status = ref('')
  const undoable = shallowRef<T>()
  const failure = shallowRef<unknown>()

  async function run(item: T, action: () => Promise<void>) {
    busyId.value = item.id
    status.value = ''
    failure.value = undefined
    try {
      await action()
      await changed()
    } catch (error) {
      failure.value = error
    } finally {
      busyId.value = undefined
    }
  }
  return {
    busyId,
    status,
    undoable,
    failure,
    remove: (item) =>
      run(item, async () => {
        await api.remove(item.id)
        undoable.value = item
        status.value = t(`authenticated.${kind}.deleted`, { name: item.name })
      }),
    restore: (item) =>
      run(item, async () => {
        await api.restore(item.id)
        undoable.value = undefined
        status.value = t(`authenticated.${kind}.restored`, { name: item.name })
      }),
    dismiss: () => {
      status.value = ''
      undoable.value = undefined
    },
  }
}
