import { useCan } from '@stratum/layer-multitenant/client'
import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { useTenantData } from './use-tenant-data.ts'

interface Item {
  readonly id: string
  readonly name: string
  readonly createdBy: string | null
  readonly deletedAt: string | null
}

/** What a client's or project's page calls on the API for the item in its route (`:id`). */
export interface ItemApi<T extends Item, Body> {
  load(id: string): Promise<T>
  update(id: string, body: Body): Promise<T>
  remove(id: string): Promise<T>
  restore(id: string): Promise<T>
}

/**
 * The state of one client's or project's page: the item (reloaded on tenant switch), what the
 * user may do with it, a status line, and save, delete and restore. `type` picks the
 * permissions (`<type>.edit`, `<type>.delete`) and the messages (`authenticated.<type>s.…`).
 */
export function useItemPage<T extends Item, Body>(
  type: 'client' | 'project',
  api: ItemApi<T, Body>,
) {
  const { t } = useI18n()
  const can = useCan()
  const route = useRoute()
  const router = useRouter()
  const id = computed(() => String(route.params.id))
  const item = useTenantData(
    () => api.load(id.value),
    () => id.value,
  )
  const status = ref('')
  const busy = ref(false)
  const failure = shallowRef<unknown>()
  /** Changing it gives the edit form a fresh instance showing the saved values. */
  const formKey = ref(0)
  // Just created (`?created=1`): said once, and the query goes so a reload does not repeat it.
  const created = ref(!!route.query.created)
  if (created.value) void router.replace({ query: {} })

  const resource = computed(() => {
    const current = item.data.value
    return current ? { type, id: current.id, createdBy: current.createdBy ?? undefined } : undefined
  })
  const mayEdit = computed(() => !!resource.value && can(`${type}.edit`, resource.value))
  const mayDelete = computed(() => !!resource.value && can(`${type}.delete`, resource.value))
  const heading = computed(() => item.data.value?.name ?? t(`authenticated.${type}s.detailTitle`))

  async function save(body: Body) {
    item.data.value = await api.update(id.value, body)
    status.value = t('authenticated.form.saved')
    created.value = false
  }
  function reset() {
    formKey.value += 1
  }
  async function act(action: 'delete' | 'restore') {
    busy.value = true
    failure.value = undefined
    status.value = ''
    created.value = false
    try {
      const next = action === 'delete' ? await api.remove(id.value) : await api.restore(id.value)
      item.data.value = next
      formKey.value += 1
      status.value = t(`authenticated.${type}s.${action === 'delete' ? 'deleted' : 'restored'}`, {
        name: next.name,
      })
    } catch (error) {
      failure.value = error
    } finally {
      busy.value = false
    }
  }

  return {
    id,
    item,
    status,
    busy,
    failure,
    formKey,
    created,
    mayEdit,
    mayDelete,
    heading,
    save,
    reset,
    act,
  }
}
