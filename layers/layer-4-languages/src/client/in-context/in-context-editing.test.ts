import { afterEach, describe, expect, it, vi } from 'vitest'
import { settle, startLanguagesTestApp } from '../testing/languages-test-app.ts'
import { createWordingMarkers } from './wording-markers.ts'

type TestApp = Awaited<ReturnType<typeof startLanguagesTestApp>>
let app: TestApp | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
  document.body.innerHTML = ''
})

describe('wording markers', () => {
  it('encode a key invisibly and decode it from the text, at the offset clicked', () => {
    const markers = createWordingMarkers()
    for (let i = 0; i < 70; i++) markers.mark('x', `core.k${i}`)
    const text = `${markers.mark('Hello', 'core.greeting')} ${markers.mark('world', 'auth.world')}`
    expect(markers.strip(text)).toBe('Hello world')
    expect(markers.keysIn(text)).toEqual(['core.greeting', 'auth.world'])
    const world = text.indexOf('world')
    expect(markers.keyAt(text, world)).toBe('auth.world')
    expect(markers.keyAt(text, 2)).toBe('core.greeting')
    expect(markers.keysIn('plain')).toEqual([])
  })
})

const ACCOUNT_ROW = {
  namespace: 'auth',
  key: 'nav.account',
  locale: 'en-US',
  value: null,
  source: 'My account',
  compiled: 'My account',
}

describe('in-context editing', () => {
  it('is offered only to users who may change wording', async () => {
    app = await startLanguagesTestApp({ permissions: ['client.view'] })
    // Wait until no header item is still a loading placeholder (`<!---->`): the toggle's chunk
    // has loaded and renders nothing for this user.
    await vi.waitFor(
      () => expect(app!.el.querySelector('header')?.innerHTML).not.toContain('<!---->'),
      { timeout: 5000 },
    )
    expect(app.el.querySelector('[data-testid="wording-toggle"]')).toBeNull()
  })

  it('while on, a click on any translated text opens its editor instead of following the link', async () => {
    let saved: unknown
    app = await startLanguagesTestApp({
      permissions: ['i18n.tenant-manage'],
      handle: (r) => {
        if (r.path === '/api/admin/languages/translations' && r.method === 'GET') {
          return [200, { items: [ACCOUNT_ROW], total: 1 }]
        }
        if (r.path === '/api/admin/languages/translations' && r.method === 'PUT') {
          saved = r.body
          return [
            200,
            { item: { ...ACCOUNT_ROW, value: 'My corner', id: crypto.randomUUID(), version: 1 } },
          ]
        }
        if (r.path === '/api/i18n/translations/en-US' && saved) {
          return [
            200,
            {
              locale: 'en-US',
              version: 'v2',
              messages: { auth: { nav: { account: 'My corner' } } },
            },
          ]
        }
        return undefined
      },
    })
    // The toggle is a lazy header item: give its chunk time to load.
    const toggle = await vi.waitFor(
      () => {
        const found = app!.el.querySelector<HTMLButtonElement>('[data-testid="wording-toggle"]')
        if (!found) throw new Error('no toggle yet')
        return found
      },
      { timeout: 5000 },
    )
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    toggle.click()
    await settle(2)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    const link = app.el.querySelector<HTMLAnchorElement>('[data-testid="link"]')!
    // The text looks the same; it carries the key invisibly.
    expect(link.textContent?.replace(/[\u200B-\u200D\u2060-\u2064]/g, '')).toBe('My account')
    const event = new MouseEvent('click', { bubbles: true, cancelable: true })
    link.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    expect(app.wording.target).toEqual({ key: 'auth.nav.account', locale: 'en-US' })
    // The editor is a lazy chunk, loaded on the first click.
    const editor = await vi.waitFor(
      () => {
        const found = document.querySelector<HTMLDialogElement>('[data-testid="wording-editor"]')
        if (!found) throw new Error('no editor yet')
        return found
      },
      { timeout: 5000 },
    )
    await settle()
    expect(editor.querySelector('[data-testid="wording-shown"]')?.textContent).toBe('My account')
    const value = editor.querySelector<HTMLTextAreaElement>('[data-testid="wording-value"]')!
    expect(value.value).toBe('My account')
    value.value = 'My corner'
    value.dispatchEvent(new Event('input'))
    editor.querySelector('form')!.dispatchEvent(new Event('submit'))
    await settle()
    expect(saved).toEqual({
      locale: 'en-US',
      namespace: 'auth',
      key: 'nav.account',
      value: 'My corner',
      tenant: 'tenant-acme',
      source: 'in-context',
    })
    toggle.click()
    await settle(2)
    expect(app.el.querySelector('[data-testid="link"]')?.textContent).toBe('My corner')
  })

  it('checks placeholders before saving: a value that drops {count} is refused without a request', async () => {
    app = await startLanguagesTestApp({
      permissions: ['i18n.tenant-manage'],
      handle: (r) =>
        r.path === '/api/admin/languages/translations' && r.method === 'GET'
          ? [
              200,
              {
                items: [
                  { ...ACCOUNT_ROW, source: '{count} accounts', compiled: '{count} accounts' },
                ],
                total: 1,
              },
            ]
          : undefined,
    })
    app.wording.setEditing(true)
    app.wording.open({ key: 'auth.nav.account', locale: 'en-US' })
    const editor = await vi.waitFor(
      () => {
        const found = document.querySelector<HTMLDialogElement>('[data-testid="wording-editor"]')
        if (!found) throw new Error('no editor yet')
        return found
      },
      { timeout: 5000 },
    )
    await settle()
    const value = editor.querySelector<HTMLTextAreaElement>('[data-testid="wording-value"]')!
    value.value = 'Some accounts'
    value.dispatchEvent(new Event('input'))
    editor.querySelector('form')!.dispatchEvent(new Event('submit'))
    await settle()
    const alert = editor.querySelector('[role="alert"]')
    expect(alert?.textContent?.replace(/[\u200B-\u200D\u2060-\u2064]/g, '').trim()).toBe(
      'Keep the placeholders of the source: {count}.',
    )
    expect(value.getAttribute('aria-invalid')).toBe('true')
    expect(app.seen.some((r) => r.method === 'PUT' && r.path.startsWith('/api/admin'))).toBe(false)
  })
})
