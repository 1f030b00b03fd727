/**
 * The one access decision, shared by client and server. On the client it only hides UI; the
 * server is the authority.
 */

/** Who is asking, in the current tenant. */
export interface Subject {
  userId: string
  isSuperadmin: boolean
  /** Permission patterns of the subject's role in the current tenant (`client.*`, `*`, …). */
  permissions: readonly string[]
  /** Resource policies granted to the subject in the current tenant. */
  policies?: readonly ResourcePolicy[]
}

/** The resource an action targets, when there is one. */
export interface Resource {
  type: string
  id: string
  /** User who created it: decides `own` scope. */
  createdBy?: string
}

export interface ResourcePolicy {
  resourceType: string
  resourceId: string
  canView: boolean
  canEdit: boolean
  canDelete: boolean
  /** ISO time after which the policy no longer applies. */
  expiresAt?: string | null
}

/** `resource.action` or `resource.action.scope`, with `*` wildcards. */
export const PERMISSION_PATTERN =
  /^(?:\*|[a-z][a-z0-9-]*\.(?:\*|[a-z][a-z0-9-]*(?:\.(?:\*|own|all))?))$/

/**
 * Does one granted pattern cover a requested permission (without scope handling)? Segment by
 * segment: equal segments, or a `*` segment that covers the rest; `client.edit` covers
 * `client.edit.own` and `client.edit.all`, `client.edit.own` covers only own. Compared in place,
 * without splitting: every request checks it many times (each row of a list, for each action).
 */
export function patternCovers(pattern: string, permission: string): boolean {
  if (pattern === '*') return true
  const star = pattern.indexOf('*')
  if (star === 0) return true
  if (star === -1)
    return (
      permission.startsWith(pattern) &&
      (permission.length === pattern.length || permission.charCodeAt(pattern.length) === DOT)
    )
  // `*` is a whole segment (PERMISSION_PATTERN): `client.*` covers `client` and `client.…`.
  const prefix = pattern.slice(0, star - 1)
  return (
    permission.startsWith(prefix) &&
    (permission.length === prefix.length || permission.charCodeAt(prefix.length) === DOT)
  )
}

const DOT = 46

/**
 * The first of `wanted` (names or patterns, as roles hold them) that `holder` does not cover, or
 * `undefined` when they hold them all. Decides who may hand out a role: a grant of `client.*`
 * needs `client.*` or `*` (it covers permissions added later), not today's client permissions
 * one by one. A superadmin holds everything.
 */
export function missingPermission(
  holder: Pick<Subject, 'isSuperadmin' | 'permissions'>,
  wanted: readonly string[],
): string | undefined {
  if (holder.isSuperadmin) return undefined
  return wanted.find((w) => !holder.permissions.some((p) => patternCovers(p, w)))
}

const POLICY_ACTIONS: Record<
  string,
  keyof Pick<ResourcePolicy, 'canView' | 'canEdit' | 'canDelete'>
> = {
  view: 'canView',
  edit: 'canEdit',
  delete: 'canDelete',
}

/**
 * Decides access, in this order: superadmin → allow; a role permission in the current tenant
 * (wildcards; `own` applies when the subject created the resource, `all` to any); a resource
 * policy that has not expired; otherwise deny.
 * @param permission for example `client.edit`; the scope is decided here from the resource
 */
export function can(
  subject: Subject,
  permission: string,
  resource?: Resource,
  now?: Date,
): boolean {
  if (subject.isSuperadmin) return true
  const [type, action, scope] = permission.split('.')
  if (scope !== undefined || !resource) {
    if (subject.permissions.some((p) => patternCovers(p, permission))) return true
    // Asking for `client.edit` with no resource: any scope of it is enough to offer the action.
    if (
      scope === undefined &&
      subject.permissions.some(
        (p) => patternCovers(p, `${permission}.own`) || patternCovers(p, `${permission}.all`),
      )
    )
      return true
  } else {
    if (subject.permissions.some((p) => patternCovers(p, `${type}.${action}.all`))) return true
    const own = resource.createdBy !== undefined && resource.createdBy === subject.userId
    if (own && subject.permissions.some((p) => patternCovers(p, `${type}.${action}.own`)))
      return true
  }
  if (!resource || action === undefined) return false
  const flag = POLICY_ACTIONS[action]
  if (!flag) return false
  const policies = subject.policies
  if (!policies || policies.length === 0) return false
  const at = now ?? new Date()
  return policies.some(
    (p) =>
      p.resourceType === resource.type &&
      p.resourceId === resource.id &&
      p[flag] &&
      (!p.expiresAt || new Date(p.expiresAt) > at),
  )
}
