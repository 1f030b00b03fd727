import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  failure,
  settle,
  startAppTest,
  type AppTest,
  type Handler,
} from '../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const CLIENT = {
  id: '7a4c1f1e-9d2b-4c55-8f0e-0a1b2c3d4e5f',
  name: 'Initech',
  email: 'ops@initech.example',
  phone: null,
  notes: null,
  projectCount: 0,
  createdBy: 'user-ana',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: null,
  access: { edit: true, delete: true, share: true },
}

async function openForm(handle: Handler) {
  app = await startAppTest({ path: '/clients/new', handle })
  return app.el.querySelector<HTMLFormElement>('[data-testid="client-form"]')!
}
function fill(form: HTMLFormElement, name: string, value: string) {
  const input = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!
  input.value = value
  input.dispatchEvent(new Event('input'))
}
async function submit(form: HTMLFormElement) {
  form.dispatchEvent(new Event('submit'))
  await settle()
}
/** The error text next to a field: the element its `aria-describedby` names. */
function errorOf(form: HTMLFormElement, name: string) {
  const input = form.querySelector<HTMLElement>(`[name="${name}"]`)!
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? []
  return {
    invalid: input.getAttribute('aria-invalid') === 'true',
    text: ids.map((id) => document.getElementById(id)?.textContent?.trim()).join(' '),
    focused: document.activeElement === input,
  }
}
const posts = () => app!.seen.filter((r) => r.method === 'POST' && r.path === '/api/app/clients')

describe('client form', () => {
  it('checks the fields with the shared schema before sending anything', async () => {
    const form = await openForm(() => undefined)
    fill(form, 'email', 'ana@')
    await submit(form)
    expect(posts()).toHaveLength(0)
    expect(errorOf(form, 'name')).toEqual({
      invalid: true,
      text: 'This field is required.',
      focused: true,
    })
    expect(errorOf(form, 'email').text).toBe('Enter a valid email address, like ana@example.com.')
    expect(form.querySelector('[role="alert"]')?.textContent).toContain(
      'Some fields need your attention.',
    )
  })

  it('refuses text the database cannot store (NUL, a lone surrogate) before sending', async () => {
    const form = await openForm(() => undefined)
    fill(form, 'name', 'Init\u0000ech')
    fill(form, 'notes', 'Pasted \ud800 text')
    await submit(form)
    expect(posts()).toHaveLength(0)
    const wording = 'Remove the invisible or broken characters from this text.'
    expect(errorOf(form, 'name')).toEqual({ invalid: true, text: wording, focused: true })
    expect(errorOf(form, 'notes')).toEqual({ invalid: true, text: wording, focused: false })
  })

  it('shows the fields the server refuses next to them, and focuses the first', async () => {
    const form = await openForm((r) =>
      r.method === 'POST' && r.path === '/api/app/clients'
        ? failure(400, 'VALIDATION_FAILED', {
            fields: {
              phone: ['Use digits, spaces and + ( ) - .'],
              email: ['Invalid email address'],
            },
          })
        : undefined,
    )
    fill(form, 'name', 'Initech')
    fill(form, 'email', 'ops@initech.example')
    await submit(form)
    expect(posts()).toHaveLength(1)
    expect(posts()[0]!.body).toEqual({
      name: 'Initech',
      email: 'ops@initech.example',
      phone: null,
      notes: null,
    })
    expect(errorOf(form, 'email')).toEqual({
      invalid: true,
      text: 'Enter a valid email address, like ana@example.com.',
      focused: true,
    })
    expect(errorOf(form, 'phone').text).toBe('Use digits, spaces and + ( ) - . only (at most 40).')
    expect(errorOf(form, 'name').invalid).toBe(false)
  })

  it('words a conflict the server names a field for (a taken name) next to that field', async () => {
    const form = await openForm((r) =>
      r.method === 'POST'
        ? failure(409, 'CLIENT_NAME_TAKEN', { fields: { name: ['taken'] } })
        : undefined,
    )
    fill(form, 'name', 'Initech')
    await submit(form)
    expect(errorOf(form, 'name')).toEqual({
      invalid: true,
      text: 'Another client already has this name.',
      focused: true,
    })
  })

  it('shows an unexpected failure with its request id', async () => {
    const form = await openForm((r) =>
      r.method === 'POST' ? failure(500, 'INTERNAL_ERROR') : undefined,
    )
    fill(form, 'name', 'Initech')
    await submit(form)
    expect(form.querySelector('[data-testid="request-id"]')?.textContent).toBe('req-internal_error')
    expect(form.querySelectorAll('[data-testid="field-error"]')).toHaveLength(0)
  })

  it('opens the new client’s page once it is created', async () => {
    const form = await openForm((r) => {
      if (r.method === 'POST' && r.path === '/api/app/clients') return [201, CLIENT]
      if (r.path === `/api/app/clients/${CLIENT.id}`) return [200, CLIENT]
      if (r.path === '/api/app/projects')
        return [200, { items: [], total: 0, page: 1, pageSize: 10 }]
      return undefined
    })
    fill(form, 'name', 'Initech')
    await submit(form)
    // The client's page is a lazy chunk: wait for it.
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="status"]')?.textContent).toContain(
        'Client “Initech” created.',
      ),
    )
    expect(app!.router.currentRoute.value.name).toBe('authenticated.client')
    expect(posts()[0]!.tenant).toBe('tenant-acme')
  })
})
