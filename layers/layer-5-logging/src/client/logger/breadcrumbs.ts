import type { Breadcrumb } from '../../shared/ingest-schemas.ts'
import { BROWSER_LIMITS, clip } from './browser-limits.ts'

/** How many breadcrumbs the logger keeps, and how many it attaches to each entry. */
export const BREADCRUMBS_KEPT = 50
export const BREADCRUMBS_PER_ENTRY = BROWSER_LIMITS.breadcrumbsPerEntry

/** What led up to an entry: the last {@link BREADCRUMBS_KEPT} actions, oldest first. */
export interface BreadcrumbTrail {
  add(kind: string, text: string): void
  /** The newest `count`, oldest first. */
  last(count?: number): Breadcrumb[]
}

/** A bounded trail; `now` is the clock the tests fake. */
export function createBreadcrumbTrail(now: () => Date = () => new Date()): BreadcrumbTrail {
  const crumbs: Breadcrumb[] = []
  return {
    add(kind, text) {
      crumbs.push({
        at: now().toISOString(),
        kind: clip(kind, BROWSER_LIMITS.breadcrumbKindChars),
        text: clip(text, BROWSER_LIMITS.breadcrumbTextChars),
      })
      if (crumbs.length > BREADCRUMBS_KEPT) crumbs.splice(0, crumbs.length - BREADCRUMBS_KEPT)
    },
    last: (count = BREADCRUMBS_PER_ENTRY) => crumbs.slice(-count),
  }
}
