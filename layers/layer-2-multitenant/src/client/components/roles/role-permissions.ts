import { patternCovers } from '../../../shared/can.ts'

/** Does a role with these patterns (`user.*`, `report.view`) grant `permission`? */
export const grants = (patterns: readonly string[], permission: string) =>
  patterns.some((pattern) => patternCovers(pattern, permission))

/**
 * The role's permissions after ticking (`on`) or unticking one catalogue entry. Wildcards that
 * cover catalogue entries are spelled out first, so unticking `user.view` from `user.*` keeps
 * `user.invite` and `user.manage`; patterns that cover no catalogue entry are kept as they are.
 */
export function togglePermission(
  patterns: readonly string[],
  catalogue: readonly string[],
  permission: string,
  on: boolean,
): string[] {
  const spelled = catalogue.filter((name) => grants(patterns, name))
  const others = patterns.filter((p) => !catalogue.some((name) => patternCovers(p, name)))
  const next = new Set([...others, ...spelled])
  if (on) next.add(permission)
  else next.delete(permission)
  return [...next].sort()
}
