import { SHIPPED_LOCALES } from '@stratum/layer-core/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failure, settle, startAppTest, type AppTest } from '../../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const PROFILE = { id: 'user-ana', email: 'ana@example.com', name: 'Ana', locale: 'en-US' }

describe('the profile part of My account', () => {
  it('saves the name and preferred language, and switches the app to that language', async () => {
    app = await startAppTest({
      path: '/profile',
      handle: (r) =>
        r.path === '/api/app/profile'
          ? r.method === 'PATCH'
            ? [200, { ...PROFILE, ...(r.body as object) }]
            : [200, PROFILE]
          : undefined,
    })
    // The old profile address leads to My account, which holds the profile now.
    expect(app.router.currentRoute.value.name).toBe('auth.account')
    // My account loads the profile part lazily.
    const form = await vi.waitFor(() => {
      const found = app!.el.querySelector<HTMLFormElement>('[data-testid="profile-form"]')
      if (!found) throw new Error('no profile form yet')
      return found
    })
    const name = form.querySelector<HTMLInputElement>('[name="name"]')!
    const locale = form.querySelector<HTMLSelectElement>('[name="locale"]')!
    expect(name.value).toBe('Ana')
    name.value = 'Ana Souza'
    name.dispatchEvent(new Event('input'))
    locale.value = 'pt-BR'
    locale.dispatchEvent(new Event('change'))
    form.dispatchEvent(new Event('submit'))
    await settle()

    const patch = app.seen.find((r) => r.method === 'PATCH')
    expect(patch?.body).toEqual({ name: 'Ana Souza', locale: 'pt-BR' })
    expect(app.el.querySelector('h1')?.textContent).toBe('Minha conta')
    expect([...app.el.querySelectorAll('h2')].map((h) => h.textContent)).toContain('Seu perfil')
    expect(app.el.querySelector('[data-testid="status"]')?.textContent).toBe('Alterações salvas.')
    expect(localStorage.getItem('stratum.locale')).toBe('pt-BR')
    expect(app.session.user?.name).toBe('Ana Souza')
  })

  it('offers every live locale by its own name, one a message source added included', async () => {
    app = await startAppTest({
      path: '/profile',
      handle: (r) => (r.path === '/api/app/profile' ? [200, PROFILE] : undefined),
    })
    const french = { code: 'fr-FR', name: 'French', nativeName: 'Français' }
    await vi.waitFor(() => expect(app!.el.querySelector('[name="locale"]')).not.toBeNull())
    app.layers.setLayers(app.layers.layers, [], [...SHIPPED_LOCALES, french])
    await settle(1)
    const options = [...app.el.querySelectorAll<HTMLOptionElement>('[name="locale"] option')]
    expect(options.map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ['pt-BR', 'Português (Brasil)'],
      ['en-US', 'English (US)'],
      ['es-ES', 'Español (España)'],
      ['fr-FR', 'Français'],
    ])
  })

  it('shows a load failure with its request id and can try again', async () => {
    let fail = true
    app = await startAppTest({
      path: '/profile',
      handle: (r) =>
        r.path === '/api/app/profile'
          ? fail
            ? failure(500, 'INTERNAL_ERROR')
            : [200, PROFILE]
          : undefined,
    })
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="request-id"]')?.textContent).toBe(
        'req-internal_error',
      ),
    )
    fail = false
    app.el.querySelector<HTMLButtonElement>('.error-view__retry')!.click()
    await settle()
    expect(app.el.querySelector<HTMLInputElement>('[name="name"]')?.value).toBe('Ana')
  })
})
