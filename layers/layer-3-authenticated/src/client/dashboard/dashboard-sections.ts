/** A part of the dashboard, shown only when the layer its data comes from is live. */
export interface DashboardSection {
  readonly id: 'clients' | 'projects' | 'members' | 'activity'
  /** Layer that owns the data; the section hides when that layer is off. */
  readonly layer: string
  /** Permission the user needs to see it (hides UI only; the server filters the counts). */
  readonly permission?: string
}

/** Every section, in the order the dashboard shows them. */
export const DASHBOARD_SECTIONS: readonly DashboardSection[] = [
  { id: 'clients', layer: 'authenticated', permission: 'client.view' },
  { id: 'projects', layer: 'authenticated', permission: 'project.view' },
  { id: 'members', layer: 'multitenant' },
  { id: 'activity', layer: 'authenticated' },
]

/** The sections to show: their layer is live and the user may see them. */
export const visibleSections = (
  isLive: (layer: string) => boolean,
  can: (permission: string) => boolean,
  sections: readonly DashboardSection[] = DASHBOARD_SECTIONS,
): Set<DashboardSection['id']> =>
  new Set(
    sections
      .filter((s) => isLive(s.layer) && (s.permission === undefined || can(s.permission)))
      .map((s) => s.id),
  )
