import { describe, expect, it } from 'vitest'
import type { PermissionContribution } from '../shared/roles.ts'
import { buildPermissionCatalogue, multitenantPermissions } from './permission-catalogue.ts'

const own = { layer: 'multitenant', value: multitenantPermissions }
const gadget = (value: Partial<PermissionContribution>) => ({
  layer: 'gadget',
  value: { permissions: {}, grants: {}, ...value },
})
const fails = (value: Partial<PermissionContribution>) => () =>
  buildPermissionCatalogue([own, gadget(value)])

describe('buildPermissionCatalogue()', () => {
  it('collects the permissions and grants of every layer, each with the layer that gave it', () => {
    const catalogue = buildPermissionCatalogue([
      own,
      gadget({
        permissions: { 'gadget.view': 'See gadgets', 'gadget.edit.own': 'Edit your gadgets' },
        // `gadget.edit` covers the scoped entry; `user.view` is layer 2's, granted again.
        grants: { viewer: ['gadget.view', 'user.view'], user: ['gadget.edit'] },
      }),
    ])
    expect(catalogue.permissions.filter((p) => p.layer === 'gadget')).toEqual([
      { name: 'gadget.view', description: 'See gadgets', layer: 'gadget' },
      { name: 'gadget.edit.own', description: 'Edit your gadgets', layer: 'gadget' },
    ])
    expect(
      catalogue.permissions.filter((p) => p.layer === 'multitenant').map((p) => p.name),
    ).toEqual(Object.keys(multitenantPermissions.permissions))
    expect(catalogue.grants.filter((g) => g.roleKey === 'viewer')).toEqual([
      { roleKey: 'viewer', permission: 'report.view', layer: 'multitenant' },
      { roleKey: 'viewer', permission: 'gadget.view', layer: 'gadget' },
      { roleKey: 'viewer', permission: 'user.view', layer: 'gadget' },
    ])
    expect(catalogue.grants.filter((g) => g.roleKey === 'account_admin')).toEqual([
      { roleKey: 'account_admin', permission: 'user.*', layer: 'multitenant' },
      { roleKey: 'account_admin', permission: 'settings.manage', layer: 'multitenant' },
      { roleKey: 'account_admin', permission: 'report.*', layer: 'multitenant' },
      { roleKey: 'account_admin', permission: 'layers.manage', layer: 'multitenant' },
    ])
  })

  it('keeps one grant when two layers give a role the same one', () => {
    const catalogue = buildPermissionCatalogue([own, gadget({ grants: { user: ['report.view'] } })])
    expect(catalogue.grants.filter((g) => g.roleKey === 'user')).toEqual([
      { roleKey: 'user', permission: 'report.view', layer: 'multitenant' },
    ])
  })

  it('refuses a permission two layers contribute, naming both', () => {
    expect(fails({ permissions: { 'user.view': 'Again' } })).toThrow(
      "Layer 'gadget' contributes the permission 'user.view', which layer 'multitenant' already contributes.",
    )
  })

  it('refuses badly formed permission names, wildcards included', () => {
    for (const name of ['Gadget.view', 'gadget', 'gadget.*', 'gadget.edit.mine', 'gadget_x.view'])
      expect(fails({ permissions: { [name]: 'Bad' } })).toThrow(
        `Layer 'gadget' contributes the permission '${name}', which is not of the form 'resource.action' or 'resource.action.own|all' in lower case.`,
      )
  })

  it('refuses a grant that matches no permission of an enabled layer', () => {
    expect(fails({ grants: { viewer: ['client.view'] } })).toThrow(
      "Layer 'gadget' grants 'client.view' to the role 'viewer', but no enabled layer contributes a permission it matches.",
    )
    expect(fails({ grants: { viewer: ['gadget.*'] } })).toThrow(/grants 'gadget\.\*' to the role/)
  })

  it('refuses malformed grants, every permission, and roles that are not tenant system roles', () => {
    expect(fails({ grants: { viewer: ['Report.View'] } })).toThrow(
      "Layer 'gadget' grants 'Report.View' to the role 'viewer', which is neither a permission name nor a pattern such as 'resource.*'.",
    )
    expect(fails({ grants: { account_admin: ['*'] } })).toThrow(
      "Layer 'gadget' grants '*' to the role 'account_admin', but only superadmin holds every permission.",
    )
    const toSuperadmin = { superadmin: ['report.view'] } as PermissionContribution['grants']
    expect(fails({ grants: toSuperadmin })).toThrow(
      "Layer 'gadget' grants permissions to the role 'superadmin', which is not a tenant system role (account_admin, user, viewer).",
    )
  })
})
