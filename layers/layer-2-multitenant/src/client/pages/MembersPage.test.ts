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
  it('lists members with their roles', async () => {
    const el = await openMembers()
    const rows = [...el.querySelectorAll('[data-testid="members-table"] tbody tr')]
    expect(rows.map((r) => r.getAttribute('data-member'))).toEqual([
      'ana@example.com',
      'bo@example.com',
    ])
    expect(
      rows.map((r) => $<HTMLSelectElement>(r, 'select').selectedOptions[0]?.textContent?.trim()),
    ).toEqual(['Account admin', 'Viewer'])
    expect($(rows[0]!, 'th').textContent).toContain('(you)')
  })

  it('explains LAST_ACCOUNT_ADMIN and puts the role back', async () => {
    const el = await openMembers()
    const mine = $<HTMLSelectElement>(el, 'tr[data-member="ana@example.com"] select')
    change(mine, 'Viewer')
    await vi.waitFor(() =>
      expect($(el, '[data-testid="action-error"]').textContent?.trim()).toBe(
        'Acme Corporation needs at least one account admin. Make someone else an account admin first.',
      ),
    )
    expect(mine.selectedOptions[0]?.textContent?.trim()).toBe('Account admin')
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
