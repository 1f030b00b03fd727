import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import type { DeletedFilter } from '../../shared/list-query.ts'
import type { ListParams } from '../api/app-api.ts'

const STATUSES: readonly DeletedFilter[] = ['active', 'deleted', 'all']
/** Longest search the server accepts (`listQueryBase.q`). */
export const MAX_SEARCH = 100

/** A sort option of a list: column and direction, written `name-asc` in the URL. */
export type SortOption = `${string}-${'asc' | 'desc'}`

/** What a list shows, kept in the URL so back, forward, reload and shared links keep it. */
export interface ListQuery<S extends string> {
  readonly state: ComputedRef<ListParams<S>>
  /** The `sort-order` option the sort control shows. */
  readonly sortOption: ComputedRef<SortOption>
  /** Changes the list; anything but the page starts again at page 1. */
  update(patch: Partial<Pick<ListParams<S>, 'page' | 'q' | 'status'>> & { sort?: SortOption }): void
  /** Sets other query parameters of the page (`clientId`), keeping the list's. */
  setExtra(extra: LocationQueryRaw): void
}

const one = (value: LocationQuery[string] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value) ?? undefined

/** Reads a list's state from the route's query, ignoring values the server would refuse. */
export function parseListQuery<S extends string>(
  query: LocationQuery,
  sorts: readonly S[],
  defaults: { sort: S; order: 'asc' | 'desc'; pageSize: number },
): ListParams<S> {
  const page = Number.parseInt(one(query.page) ?? '', 10)
  const [sort, order] = (one(query.sort) ?? '').split('-') as [S, string | undefined]
  const status = one(query.status) as DeletedFilter
  const q = (one(query.q) ?? '').trim().slice(0, MAX_SEARCH)
  const known = sorts.includes(sort) && (order === 'asc' || order === 'desc')
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: defaults.pageSize,
    q: q || undefined,
    sort: known ? sort : defaults.sort,
    order: known ? (order as 'asc' | 'desc') : defaults.order,
    status: STATUSES.includes(status) ? status : 'active',
  }
}

/**
 * A server-side list's page, search, sort and filter in the URL query (`?q=ac&sort=name-desc`).
 * Defaults stay out of the URL.
 */
export function useListQuery<S extends string>(
  sorts: readonly S[],
  defaults: { sort: S; order: 'asc' | 'desc'; pageSize: () => number },
): ListQuery<S> {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() =>
    parseListQuery(route.query, sorts, { ...defaults, pageSize: defaults.pageSize() }),
  )
  const sortOption = computed<SortOption>(() => `${state.value.sort}-${state.value.order}`)

  function navigate(query: LocationQueryRaw) {
    void router.replace({ query })
  }
  function update(patch: Parameters<ListQuery<S>['update']>[0]) {
    const next = { ...state.value, page: 1, ...patch }
    const sort = patch.sort ?? sortOption.value
    navigate({
      ...route.query,
      page: next.page > 1 ? String(next.page) : undefined,
      q: next.q?.trim() || undefined,
      sort: sort === `${defaults.sort}-${defaults.order}` ? undefined : sort,
      status: next.status === 'active' ? undefined : next.status,
    })
  }
  function setExtra(extra: LocationQueryRaw) {
    navigate({ ...route.query, ...extra, page: undefined })
  }
  return { state, sortOption, update, setExtra }
}
