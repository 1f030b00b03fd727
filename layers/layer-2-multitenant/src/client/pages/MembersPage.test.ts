import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import { startTenantTestBackend, type TenantTestBackend } from '../testing/tenant-test-backend.ts'

let backend: TenantTestBackend
let app: TenantTestApp | undefined
beforeAll(async () => {
  backend = await startTenantTestBackend()
})
afterAll(() => backend.close())
beforeEach(() => backend.reset())
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

async function openMembers() {
  app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin/members' })
  await vi.waitFor(() => {
    if (!app!.el.querySelector('[data-testid="members-table"] select')) throw new Error('not yet')
    if (!app!.el.querySelector('[data-testid="invites-empty"]')) throw new Error('not yet')
  })
  return app.el
}
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.querySelector<T>(selector)!
function change(select: HTMLSelectElement, label: string) {
  select.value = [...select.options].find((o) => o.textContent?.trim() === label)!.value
  select.dispatchEvent(new Event('change'))
}

describe('MembersPage', () => {
  it('lists members with their roles; my own role is not a picker', async () => {
    const el = await openMembers()
    const rows = [...el.querySelectorAll('[data-testid="members-table"] tbody tr')]
    expect(rows.map((r) => r.getAttribute('data-member'))).toEqual([
      'ana@example.com',
      'bo@example.com',
    ])
    expect(rows[0]!.querySelector('select')).toBeNull()
    expect(rows[0]!.querySelectorAll('td')[1]?.textContent?.trim()).toBe('Account admin')
    expect($(rows[0]!, 'th').textContent).toContain('(you)')
    expect($<HTMLSelectElement>(rows[1]!, 'select').selectedOptions[0]?.textContent?.trim()).toBe(
      'Viewer',
    )
  })

  it('explains LAST_ACCOUNT_ADMIN when the last admin tries to leave', async () => {
    const el = await openMembers()
    const row = $(el, 'tr[data-member="ana@example.com"]')
    $<HTMLButtonElement>(row, 'button[aria-label="Remove ana@example.com"]').click()
    await vi.waitFor(() => $<HTMLButtonElement>(row, 'button.mt-danger').click())
    await vi.waitFor(() =>
      expect($(el, '[data-testid="action-error"]').textContent?.trim()).toBe(
        'Acme Corporation needs at least one account admin. Make someone else an account admin first.',
      ),
    )
    expect(backend.state.members.map((m) => m.email)).toContain('ana@example.com')
  })

  it('explains ROLE_ABOVE_ACTOR and puts the role back', async () => {
    backend.state.failures['PATCH /api/tenants/members/user-bo'] = [
      403,
      'ROLE_ABOVE_ACTOR',
      { permission: 'client.create' },
    ]
    const el = await openMembers()
    const bo = $<HTMLSelectElement>(el, 'tr[data-member="bo@example.com"] select')
    change(bo, 'User')
    await vi.waitFor(() =>
      expect($(el, '[data-testid="action-error"]').textContent?.trim()).toBe(
        'You cannot give a role that allows more than yours does (it has client.create).',
      ),
    )
    expect(bo.selectedOptions[0]?.textContent?.trim()).toBe('Viewer')
  })

  it('offers only roles I hold every permission of', async () => {
    // Ana manages members and reports only: she may not give client permissions.
    const manager = {
      id: 'role-member-manager',
      key: 'member-manager',
      name: 'Member manager',
      description: '',
      isSystem: false,
      permissions: ['user.*', 'report.*'],
      memberCount: 1,
    }
    const { state } = backend
    state.roles.push(manager)
    state.memberships[0]!.role = { id: manager.id, key: manager.key, name: manager.name }
    state.memberships[0]!.permissions = manager.permissions
    state.members[0]!.role = state.memberships[0]!.role
    const el = await openMembers()
    const options = (select: HTMLSelectElement) =>
      [...select.options].map((o) => [o.textContent?.trim(), o.disabled])
    // Bo's role stays visible, but cannot be chosen again.
    const bo = $<HTMLSelectElement>(el, 'tr[data-member="bo@example.com"] select')
    expect(bo.selectedOptions[0]?.textContent?.trim()).toBe('Viewer')
    expect(options(bo)).toEqual([
      ['Viewer', true],
      ['Auditor', false],
      ['Member manager', false],
    ])
    const invite = $<HTMLSelectElement>(el, '[data-testid="invite-form"] select[name="roleId"]')
    expect(options(invite)).toEqual([
      ['Auditor', false],
      ['Member manager', false],
    ])
  })

  it('changes a role', async () => {
    const el = await openMembers()
    change($<HTMLSelectElement>(el, 'tr[data-member="bo@example.com"] select'), 'User')
    await vi.waitFor(() =>
      expect($(el, '[data-testid="status"]').textContent).toBe('bo@example.com is now User.'),
    )
    expect(backend.seen.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/tenants/members/user-bo',
      body: { roleId: 'role-user' },
    })
  })

  it('shows the server’s field error next to the email field, then invites', async () => {
    const el = await openMembers()
    const form = $<HTMLFormElement>(el, '[data-testid="invite-form"]')
    const email = $<HTMLInputElement>(form, 'input[name="email"]')
    email.value = 'carla@'
    email.dispatchEvent(new Event('input'))
    form.dispatchEvent(new Event('submit'))
    await vi.waitFor(() =>
      expect($(form, '[data-testid="email-error"]').textContent?.trim()).toBe(
        'Enter a valid email address, like name@example.com.',
      ),
    )
    expect(email.getAttribute('aria-invalid')).toBe('true')
    expect(email.getAttribute('aria-describedby')).toBe($(form, '[data-testid="email-error"]').id)

    email.value = 'carla@example.com'
    email.dispatchEvent(new Event('input'))
    form.dispatchEvent(new Event('submit'))
    await vi.waitFor(() =>
      expect($(el, '[data-testid="status"]').textContent).toBe(
        'Invitation sent to carla@example.com.',
      ),
    )
    expect(backend.seen.at(-1)).toMatchObject({
      method: 'POST',
      body: { email: 'carla@example.com', roleId: 'role-user' },
    })
    expect($(el, '[data-testid="invites-table"] tbody tr').getAttribute('data-invite')).toBe(
      'carla@example.com',
    )
    expect(form.querySelector('[data-testid="email-error"]')).toBeNull()
  })
})
