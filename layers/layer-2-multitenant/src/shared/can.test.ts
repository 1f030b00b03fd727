import { describe, expect, it } from 'vitest'
import {
  can,
  missingPermission,
  patternCovers,
  PERMISSION_PATTERN,
  type ResourcePolicy,
  type Subject,
} from './can.ts'
import { SYSTEM_ROLES, type SystemRoleKey } from './roles.ts'

/** What the system roles hold with layer 3 on: layer 2's own grants plus its `client.*` ones. */
const ROLE_PERMISSIONS: Record<SystemRoleKey, readonly string[]> = {
  superadmin: SYSTEM_ROLES.superadmin,
  account_admin: [...SYSTEM_ROLES.account_admin, 'client.*'],
  user: [...SYSTEM_ROLES.user, 'client.view', 'client.create', 'client.edit.own'],
  viewer: [...SYSTEM_ROLES.viewer, 'client.view'],
}

const ME = 'user-me'
const subject = (role: SystemRoleKey, policies: ResourcePolicy[] = []): Subject => ({
  userId: ME,
  isSuperadmin: role === 'superadmin',
  permissions: ROLE_PERMISSIONS[role],
  policies,
})
const mine = { type: 'client', id: 'c1', createdBy: ME }
const theirs = { type: 'client', id: 'c2', createdBy: 'someone-else' }

describe('can(): the role × permission matrix of the system roles', () => {
  // [permission, resource, superadmin, account_admin, user, viewer]
  const matrix: Array<[string, typeof mine | undefined, boolean, boolean, boolean, boolean]> = [
    ['client.view', undefined, true, true, true, true],
    ['client.view', theirs, true, true, true, true],
    ['client.create', undefined, true, true, true, false],
    ['client.edit', mine, true, true, true, false],
    ['client.edit', theirs, true, true, false, false],
    ['client.edit.own', undefined, true, true, true, false],
    ['client.edit.all', undefined, true, true, false, false],
    ['client.delete', theirs, true, true, false, false],
    ['client.delete', mine, true, true, false, false],
    ['user.invite', undefined, true, true, false, false],
    ['user.manage', undefined, true, true, false, false],
    ['settings.manage', undefined, true, true, false, false],
    ['report.view', undefined, true, true, true, true],
    ['report.export', undefined, true, true, false, false],
    ['billing.manage', undefined, true, false, false, false],
  ]
  for (const [permission, resource, ...expected] of matrix) {
    it(`${permission}${resource ? ` on ${resource === mine ? 'my' : "someone else's"} client` : ''}`, () => {
      const roles: SystemRoleKey[] = ['superadmin', 'account_admin', 'user', 'viewer']
      expect(roles.map((r) => can(subject(r), permission, resource))).toEqual(expected)
    })
  }
})

describe('can(): wildcards and scopes', () => {
  it('matches wildcards at any depth and never across resources', () => {
    expect(patternCovers('*', 'anything.at.all')).toBe(true)
    expect(patternCovers('user.*', 'user.invite')).toBe(true)
    expect(patternCovers('user.*', 'users.invite')).toBe(false)
    expect(patternCovers('client.edit', 'client.edit.own')).toBe(true)
    expect(patternCovers('client.edit.own', 'client.edit.all')).toBe(false)
    expect(patternCovers('client.edit.own', 'client.edit')).toBe(false)
  })

  it('accepts only well-formed permission names', () => {
    for (const ok of [
      '*',
      'client.view',
      'client.edit.own',
      'client.edit.all',
      'user.*',
      'client.edit.*',
    ])
      expect(PERMISSION_PATTERN.test(ok)).toBe(true)
    for (const bad of [
      'client',
      'Client.view',
      'client.edit.mine',
      'client..view',
      '*.view',
      'client.view.own.x',
    ])
      expect(PERMISSION_PATTERN.test(bad)).toBe(false)
  })

  it('own scope needs the subject to have created the resource', () => {
    const s: Subject = { userId: ME, isSuperadmin: false, permissions: ['client.edit.own'] }
    expect(can(s, 'client.edit', mine)).toBe(true)
    expect(can(s, 'client.edit', theirs)).toBe(false)
    expect(can(s, 'client.edit', { type: 'client', id: 'c3' })).toBe(false)
  })
})

describe('can(): resource policies', () => {
  const now = new Date('2026-11-21T12:00:00Z')
  const policy = (p: Partial<ResourcePolicy>): ResourcePolicy => ({
    resourceType: 'client',
    resourceId: 'c2',
    canView: true,
    canEdit: false,
    canDelete: false,
    ...p,
  })

  it('lets a policy share one resource the role would not', () => {
    const s = { ...subject('viewer', [policy({ canEdit: true })]) }
    expect(can(s, 'client.edit', theirs, now)).toBe(true)
    expect(can(s, 'client.delete', theirs, now)).toBe(false)
    expect(can(s, 'client.edit', { type: 'client', id: 'c9' }, now)).toBe(false)
    expect(can(s, 'project.edit', { type: 'project', id: 'c2' }, now)).toBe(false)
  })

  it('ignores an expired policy and honours one that has not expired', () => {
    const expired = subject('viewer', [
      policy({ canEdit: true, expiresAt: '2026-11-21T11:59:59Z' }),
    ])
    const live = subject('viewer', [policy({ canEdit: true, expiresAt: '2026-11-21T12:00:01Z' })])
    expect(can(expired, 'client.edit', theirs, now)).toBe(false)
    expect(can(live, 'client.edit', theirs, now)).toBe(true)
  })

  it('never grants an action without a resource through a policy', () => {
    expect(can(subject('viewer', [policy({ canEdit: true })]), 'client.edit', undefined, now)).toBe(
      false,
    )
  })
})

describe('missingPermission(): who may hand out a role', () => {
  const holder = (...permissions: string[]) => ({ isSuperadmin: false, permissions })

  it('needs a pattern at least as wide as each grant of the role', () => {
    const admin = ROLE_PERMISSIONS.account_admin
    expect(missingPermission(holder(...admin), ROLE_PERMISSIONS.user)).toBeUndefined()
    expect(missingPermission(holder(...admin), admin)).toBeUndefined()
    expect(missingPermission(holder('client.*'), ['client.*', 'client.edit.own'])).toBeUndefined()
    // Every client permission of today is not `client.*`, which covers tomorrow's too.
    expect(missingPermission(holder('client.view', 'client.edit'), ['client.*'])).toBe('client.*')
    expect(missingPermission(holder('client.edit.own'), ['client.edit'])).toBe('client.edit')
    expect(missingPermission(holder('user.view', 'user.manage'), admin)).toBe('user.*')
  })

  it('lets a superadmin hand out anything, and anyone a role with no permissions', () => {
    expect(missingPermission({ isSuperadmin: true, permissions: [] }, ['*'])).toBeUndefined()
    expect(missingPermission(holder(), [])).toBeUndefined()
  })
})

describe('patternCovers, compared in place', () => {
  /** The segment-by-segment definition it replaced, kept as the reference. */
  const bySegments = (pattern: string, permission: string) => {
    if (pattern === '*') return true
    const granted = pattern.split('.')
    const wanted = permission.split('.')
    for (let i = 0; i < granted.length; i++) {
      if (granted[i] === '*') return true
      if (granted[i] !== wanted[i]) return false
    }
    return granted.length <= wanted.length
  }
  const types = ['client', 'clients', 'project', 'c', 'report']
  const actions = ['edit', 'edits', 'view', 'e', 'delete']
  const scopes = ['own', 'all']
  const names = types.flatMap((t) => [
    t,
    ...actions.flatMap((a) => [`${t}.${a}`, ...scopes.map((s) => `${t}.${a}.${s}`)]),
  ])
  const patterns = [
    '*',
    ...types.flatMap((t) => [
      `${t}.*`,
      ...actions.flatMap((a) => [
        `${t}.${a}`,
        `${t}.${a}.*`,
        ...scopes.map((s) => `${t}.${a}.${s}`),
      ]),
    ]),
  ]

  it('agrees with the segment-by-segment definition on every pattern and name', () => {
    let checked = 0
    for (const pattern of patterns) {
      expect(pattern).toMatch(PERMISSION_PATTERN)
      for (const name of names) {
        expect([pattern, name, patternCovers(pattern, name)]).toEqual([
          pattern,
          name,
          bySegments(pattern, name),
        ])
        checked++
      }
    }
    expect(checked).toBe(patterns.length * names.length)
  })
})
