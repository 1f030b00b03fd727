import { createApiClient, useThemeStore } from '@stratum/layer-core/client'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadEmailSchema } from '../forms/email-schema.ts'
import { settle, startAuthTestApp } from '../testing/auth-test-app.ts'

type Started = Awaited<ReturnType<typeof startAuthTestApp>>
let started: Started | undefined
const requests: { path: string; body: unknown }[] = []
afterEach(() => {
  started?.unmount()
  started = undefined
  requests.length = 0
  sessionStorage.clear()
})

const anonymous: FakeAnswer = {
  status: 401,
  body: { error: 'Sign in.', code: 'UNAUTHENTICATED', timestamp: '', requestId: 'r0' },
}

async function openLogin(
  requestOtp: FakeAnswer,
  options: { locale?: 'en-US' | 'pt-BR' | 'es-ES'; path?: string } = {},
) {
  const answer = fakeFetch({
    '/api/auth/me': anonymous,
    '/api/auth/refresh': anonymous,
    '/api/auth/request-otp': requestOtp,
  })
  const api = createApiClient({
    baseUrl: '',
    fetch: async (input, init) => {
      const path = new URL(String(input), 'http://app.test').pathname
      requests.push({ path, body: init?.body ? JSON.parse(String(init.body)) : undefined })
      return answer(input, init)
    },
  })
  started = await startAuthTestApp({ api, path: options.path ?? '/login', locale: options.locale })
  return started
}

const el = () => started!.el!
const emailInput = () => el().querySelector<HTMLInputElement>('input[type="email"]')!
async function submitEmail(value: string) {
  emailInput().value = value
  emailInput().dispatchEvent(new Event('input'))
  el().querySelector('form')!.dispatchEvent(new Event('submit'))
  await settle()
}
const requestOtpCalls = () => requests.filter((r) => r.path === '/api/auth/request-otp')

describe('LoginPage', () => {
  // The form loads the schema (and zod) on its first submit; loading it here keeps each test's
  // `settle()` about the page, not about how fast the test runner imports a module.
  beforeAll(() => loadEmailSchema())

  it('has a labelled email field and the theme logo', async () => {
    await openLogin({ status: 202 })
    const input = emailInput()
    const label = el().querySelector(`label[for="${input.id}"]`)
    expect(label?.textContent?.trim()).toBe('Email address')
    expect(input.getAttribute('autocomplete')).toBe('email')
    expect(el().querySelector('h1')?.textContent).toBe('Sign in to Stratum')
  })

  it('shows the logo and name of the theme in use', async () => {
    const { el: root } = await openLogin({ status: 202 })
    useThemeStore().setTheme({
      name: 'acme',
      title: 'Acme Cloud',
      logo: '/assets/acme.svg',
      favicon: '',
      variables: {},
    })
    await settle(1)
    const logo = root!.querySelector<HTMLImageElement>('[data-testid="auth-logo"]')
    expect(logo?.getAttribute('src')).toBe('/assets/acme.svg')
    expect(logo?.alt).toBe('') // decorative: the heading names the app
    expect(root!.querySelector('h1')?.textContent).toBe('Sign in to Acme Cloud')
  })

  it.each([
    ['', 'Enter your email address.'],
    ['ana@', 'Enter a valid email address, like name@example.com.'],
    [`${'a'.repeat(250)}@example.com`, 'An email address has at most 254 characters.'],
  ])(
    'shows the field error for %j next to the field without calling the server',
    async (value, message) => {
      await openLogin({ status: 202 })
      await submitEmail(value)
      const error = el().querySelector('[data-testid="email-error"]')
      expect(error?.textContent?.trim()).toBe(message)
      expect(error?.getAttribute('role')).toBe('alert')
      expect(emailInput().getAttribute('aria-invalid')).toBe('true')
      expect(emailInput().getAttribute('aria-describedby')).toBe(error?.id)
      expect(document.activeElement).toBe(emailInput())
      expect(requestOtpCalls()).toHaveLength(0)
    },
  )

  it('shows the field error in the user’s language and clears it once the address is fixed', async () => {
    await openLogin({ status: 202 }, { locale: 'pt-BR' })
    await submitEmail('ana')
    expect(el().querySelector('[data-testid="email-error"]')?.textContent?.trim()).toBe(
      'Informe um e-mail válido, como nome@exemplo.com.',
    )
    emailInput().value = 'ana@example.com'
    emailInput().dispatchEvent(new Event('input'))
    await settle(1)
    expect(el().querySelector('[data-testid="email-error"]')).toBeNull()
    expect(emailInput().hasAttribute('aria-invalid')).toBe(false)
  })

  it('shows the server’s field errors (details.fields) next to the field', async () => {
    await openLogin({
      status: 400,
      body: {
        error: 'The body is invalid.',
        code: 'VALIDATION_FAILED',
        timestamp: '',
        requestId: 'r1',
        details: { fields: { email: ['Enter a valid email address.'] } },
      },
    })
    await submitEmail('ana@example.com')
    expect(requestOtpCalls()).toHaveLength(1)
    expect(el().querySelector('[data-testid="email-error"]')?.textContent?.trim()).toBe(
      'Enter a valid email address, like name@example.com.',
    )
  })

  it('sends the normalised address and locale, then opens the code page keeping the target', async () => {
    const { router, session } = await openLogin(
      { status: 202, body: { message: 'ok', resendAfterSeconds: 60, expiresInSeconds: 600 } },
      { path: '/login?redirect=/account', locale: 'es-ES' },
    )
    await submitEmail('  Ana@Example.COM ')
    expect(requestOtpCalls()[0]?.body).toEqual({ email: 'ana@example.com', locale: 'es-ES' })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('auth.verifyOtp'))
    expect(router.currentRoute.value.query.redirect).toBe('/account')
    expect(session.pendingEmail).toBe('ana@example.com')
  })

  it('drops a foreign redirect target on the way to the code page', async () => {
    const { router } = await openLogin(
      { status: 202, body: { message: 'ok', resendAfterSeconds: 60, expiresInSeconds: 600 } },
      { path: '/login?redirect=//evil.com' },
    )
    await submitEmail('ana@example.com')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('auth.verifyOtp'))
    expect(router.currentRoute.value.fullPath).toBe('/verify-otp')
  })

  type Failure = { code: string; status: number; details?: { retryAfterSeconds: number } }
  it.each<[Failure, string]>([
    [
      { code: 'OTP_SEND_THROTTLED', status: 429, details: { retryAfterSeconds: 42 } },
      'We sent a code a moment ago. You can ask for another in 42 seconds.',
    ],
    [
      { code: 'TOO_MANY_REQUESTS', status: 429, details: { retryAfterSeconds: 540 } },
      'Too many attempts from your network. Try again in 9 minutes.',
    ],
    [
      { code: 'MAIL_DELIVERY_FAILED', status: 503 },
      'We could not send the email right now. Try again in a minute.',
    ],
  ])('announces %j as a translated alert', async ({ code, status, details }, message) => {
    await openLogin({
      status,
      headers: details ? { 'Retry-After': String(details.retryAfterSeconds) } : {},
      body: {
        error: 'English text from the server',
        code,
        timestamp: '',
        requestId: 'r2',
        details,
      },
    })
    await submitEmail('ana@example.com')
    const alert = el().querySelector('[data-testid="auth-error"]')
    expect(alert?.getAttribute('role')).toBe('alert')
    expect(alert?.textContent?.trim()).toBe(message)
  })

  it('shows an unexpected failure in core’s error view with the request id', async () => {
    await openLogin({
      status: 500,
      body: { error: 'Boom', code: 'INTERNAL_ERROR', timestamp: '', requestId: 'req-login-9' },
    })
    await submitEmail('ana@example.com')
    expect(el().querySelector('[data-testid="auth-error"]')).toBeNull()
    expect(el().querySelector('[data-testid="request-id"]')?.textContent).toBe('req-login-9')
    expect(el().textContent).toContain('The server ran into a problem.')
  })
})
