import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import type { ItemAccess } from '../../shared/item-access.ts'
import { useTenantData } from './use-tenant-data.ts'

/** What the page needs of a client or project. */
export interface PageItem {
  readonly id: string
  readonly name: string
  readonly deletedAt: string | null
  /** What the server says the user may do with it. */
  readonly access: ItemAccess
}

/** What a client's or project's page calls on the API for the item in its route (`:id`). */
export interface ItemApi<T extends PageItem, Body> {
  load(id: string): Promise<T>
  update(id: string, body: Body): Promise<T>
  remove(id: string): Promise<T>
  restore(id: string): Promise<T>
}

/**
 * The state of one client's or project's page: the item (reloaded on tenant switch), what the
 * user may do with it (the item's `access`, from the server, which also counts resource
 * policies), a status line, and save, delete and restore. `type` picks the messages (`authenticated.<type>s.…`) and the
 * routes: `authenticated.<type>` shows the item, `authenticated.<type>Edit` edits it (one
 * component instance for both, so a save's status outlives the move back to the details).
 */
export function useItemPage<T extends PageItem, Body>(
  type: 'client' | 'project',
  api: ItemApi<T, Body>,
) {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()
  const id = computed(() => String(route.params.id))
  const item = useTenantData(
    () => api.load(id.value),
    () => id.value,
  )
  const detailRoute = `authenticated.${type}`
  const editing = computed(() => route.name === `${detailRoute}Edit`)
  const status = ref('')
  /** The item was just deleted here: the toast offers Undo. */
  const undoable = ref(false)
  const busy = ref(false)
  const failure = shallowRef<unknown>()
  /** Changing it gives the edit form a fresh instance showing the saved values. */
  const formKey = ref(0)
  // Just created (`?created=1`): said once, and the query goes so a reload does not repeat it.
  const created = ref(!!route.query.created)
  if (created.value) void router.replace({ query: {} })

  const live = computed(() => !!item.data.value && !item.data.value.deletedAt)
  /** A deleted item is restored, not edited or shared. */
  const mayEdit = computed(() => live.value && !!item.data.value?.access.edit)
  const mayDelete = computed(() => !!item.data.value?.access.delete)
  const mayShare = computed(() => live.value && !!item.data.value?.access.share)
  const heading = computed(() => item.data.value?.name ?? t(`authenticated.${type}s.detailTitle`))

  async function save(body: Body) {
    item.data.value = await api.update(id.value, body)
    status.value = t('authenticated.form.saved')
    undoable.value = false
    created.value = false
    await router.push({ name: detailRoute, params: { id: id.value } })
  }
  /** Cancel on the edit form: back to the details, unchanged. */
  async function reset() {
    formKey.value += 1
    if (editing.value) await router.push({ name: detailRoute, params: { id: id.value } })
  }
  function dismiss() {
    status.value = ''
    undoable.value = false
  }
  async function act(action: 'delete' | 'restore') {
    busy.value = true
    failure.value = undefined
    status.value = ''
    undoable.value = false
    created.value = false
    try {
      const next = action === 'delete' ? await api.remove(id.value) : await api.restore(id.value)
      item.data.value = next
      formKey.value += 1
      status.value = t(`authenticated.${type}s.${action === 'delete' ? 'deleted' : 'restored'}`, {
        name: next.name,
      })
      undoable.value = action === 'delete'
    } catch (error) {
      failure.value = error
    } finally {
      busy.value = false
    }
  }

  return {
    id,
    item,
    editing,
    status,
    undoable,
    dismiss,
    busy,
    failure,
    formKey,
    created,
    mayEdit,
    mayDelete,
    mayShare,
    heading,
    save,
    reset,
    act,
  }
}
