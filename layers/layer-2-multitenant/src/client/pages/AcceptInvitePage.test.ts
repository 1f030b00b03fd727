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

const TOKEN = 'a'.repeat(43)
const INITECH = {
  id: 'tenant-initech',
  slug: 'initech',
  name: 'Initech',
  theme: null,
  isActive: true,
}
const open = async (path: string) => {
  app = await startTenantTestApp({ baseUrl: backend.url, path })
  return app.el
}
const accept = (el: HTMLElement) =>
  el.querySelector<HTMLButtonElement>('[data-testid="accept"]')!.click()

describe('AcceptInvitePage', () => {
  it('needs sign-in first, and comes back to the link', async () => {
    backend.state.signedIn = false
    await open(`/invites/accept#token=${TOKEN}`)
    expect(app!.router.currentRoute.value.name).toBe('auth.login')
    expect(app!.router.currentRoute.value.query.redirect).toBe(`/invites/accept#token=${TOKEN}`)
  })

  it('joins on a click and switches to the new tenant', async () => {
    backend.state.inviteTokens[TOKEN] = {
      tenant: INITECH,
      role: { id: 'role-user', key: 'user', name: 'User' },
      permissions: ['report.view'],
    }
    const el = await open(`/invites/accept#token=${TOKEN}`)
    // Opening the link names what it offers, and changes nothing.
    await vi.waitFor(() =>
      expect(el.querySelector('[data-testid="invite-offer"]')?.textContent).toContain(
        'Ana Souza (ana@example.com) invited you to join Initech as User.',
      ),
    )
    expect(el.querySelector('h1')?.textContent).toBe('Join Initech')
    expect(el.textContent).toContain('The invitation is open until January 1, 2030.')
    expect(backend.seen.find((r) => r.path === '/api/tenants/invites/preview')?.body).toEqual({
      token: TOKEN,
    })
    expect(backend.seen.some((r) => r.path === '/api/tenants/invites/accept')).toBe(false)
    accept(el)
    await vi.waitFor(() =>
      expect(el.querySelector('[data-testid="joined"]')?.textContent).toContain(
        'You joined Initech as User.',
      ),
    )
    // The token goes in the body, never in a URL.
    expect(backend.seen.find((r) => r.path === '/api/tenants/invites/accept')?.body).toEqual({
      token: TOKEN,
    })
    expect(app!.tenant.current?.slug).toBe('initech')
    // Without the app layer in this test app, the tenant's home is this layer's overview.
    expect(el.querySelector('[data-testid="open-tenant"]')?.getAttribute('href')).toBe('/admin')
    expect(app!.tenant.tenants.map((t) => t.slug)).toEqual(['acme', 'globex', 'initech'])
  })

  it('takes a link mailed with the token in the query, and moves the token to the fragment', async () => {
    backend.state.inviteTokens[TOKEN] = {
      tenant: INITECH,
      role: { id: 'role-user', key: 'user', name: 'User' },
      permissions: ['report.view'],
    }
    const el = await open(`/invites/accept?token=${TOKEN}`)
    await vi.waitFor(() => expect(app!.router.currentRoute.value.hash).toBe(`#token=${TOKEN}`))
    expect(app!.router.currentRoute.value.query).toEqual({})
    accept(el)
    await vi.waitFor(() => expect(el.querySelector('[data-testid="joined"]')).not.toBeNull())
  })

  it('explains an invite whose sender can no longer give its role', async () => {
    backend.state.inviteTokens[TOKEN] = {
      tenant: INITECH,
      role: { id: 'role-user', key: 'user', name: 'User' },
      permissions: [],
    }
    backend.state.failures['POST /api/tenants/invites/accept'] = [
      403,
      'INVITE_ROLE_ABOVE_INVITER',
      { permission: 'client.*' },
    ]
    const el = await open(`/invites/accept#token=${TOKEN}`)
    accept(el)
    await vi.waitFor(() =>
      expect(el.querySelector('[data-testid="accept-error"]')?.textContent?.trim()).toBe(
        'Whoever invited you can no longer give this role. Ask them for a new invitation.',
      ),
    )
  })

  it('explains an unknown or expired invite as soon as the link opens', async () => {
    const el = await open(`/invites/accept#token=${TOKEN}`)
    await vi.waitFor(() =>
      expect(el.querySelector('[data-testid="accept-error"]')?.textContent?.trim()).toBe(
        'This invitation does not exist for your email address, or it has expired.',
      ),
    )
    expect(el.querySelector('[data-testid="accept"]')).toBeNull()
  })

  it('says when the link has no token', async () => {
    const el = await open('/invites/accept')
    await vi.waitFor(() => expect(el.querySelector('[data-testid="missing-token"]')).not.toBeNull())
  })
})
