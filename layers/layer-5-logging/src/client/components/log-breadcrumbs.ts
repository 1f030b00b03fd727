import type { Breadcrumb } from '../../shared/ingest-schemas.ts'
import type { LogItem } from '../../shared/log-schemas.ts'

const isBreadcrumb = (value: unknown): value is Breadcrumb =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Breadcrumb).kind === 'string' &&
  typeof (value as Breadcrumb).text === 'string' &&
  typeof (value as Breadcrumb).at === 'string'

/**
 * The breadcrumbs a browser sent with an entry: a `breadcrumbs` field when the server returns
 * one, else `context.breadcrumbs`, where the server keeps them with the rest of the context.
 */
export function breadcrumbsOf(item: LogItem): Breadcrumb[] {
  const own = (item as LogItem & { breadcrumbs?: unknown }).breadcrumbs
  const found = Array.isArray(own) ? own : item.context?.breadcrumbs
  return Array.isArray(found) ? found.filter(isBreadcrumb) : []
}

/** The context without the breadcrumbs, which the drawer shows on their own. */
export function contextOf(item: LogItem): Record<string, unknown> | undefined {
  if (!item.context) return undefined
  const { breadcrumbs: _breadcrumbs, ...rest } = item.context
  return Object.keys(rest).length > 0 ? rest : undefined
}
