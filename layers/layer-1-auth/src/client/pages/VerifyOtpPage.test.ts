import { createApiClient, type LocaleCode } from '@stratum/layer-core/client'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { settle, startAuthTestApp } from '../testing/auth-test-app.ts'
import { setSignedInCookie } from '../testing/signed-in-cookie.ts'

type Started = Awaited<ReturnType<typeof startAuthTestApp>>
let started: Started | undefined
beforeEach(() => sessionStorage.setItem('auth.pendingEmail', 'ana@example.com'))
afterEach(() => {
  started?.unmount()
  started = undefined
  sessionStorage.clear()
  setSignedInCookie(false)
  vi.useRealTimers()
})

const anonymous: FakeAnswer = {
  status: 401,
  body: { error: 'Sign in.', code: 'UNAUTHENTICATED', timestamp: '', requestId: 'r0' },
}
const failure = (status: number, code: string, details?: object, headers = {}): FakeAnswer => ({
  status,
  headers,
  body: { error: 'English text from the server', code, timestamp: '', requestId: 'req-v', details },
})
const signedIn: FakeAnswer = {
  body: {
    user: { id: 'u1', email: 'ana@example.com', name: null, locale: 'en-US', isSuperadmin: false },
    accessToken: 'at',
    accessTokenExpiresAt: '2026-01-01T00:15:00.000Z',
  },
}

/** Answers in turn; the last one repeats. */
const inTurn =
  (...answers: FakeAnswer[]) =>
  () =>
    answers.length > 1 ? answers.shift()! : answers[0]!

async function openVerify(
  answers: { verify?: () => FakeAnswer; request?: () => FakeAnswer; me?: () => FakeAnswer },
  options: { locale?: LocaleCode; path?: string } = {},
) {
  const api = createApiClient({
    baseUrl: '',
    fetch: fakeFetch({
      '/api/auth/me': answers.me ?? (() => anonymous),
      '/api/auth/refresh': anonymous,
      '/api/auth/verify-otp': answers.verify ?? (() => signedIn),
      '/api/auth/request-otp': answers.request ?? (() => ({ status: 202 })),
    }),
  })
  started = await startAuthTestApp({
    api,
    path: options.path ?? '/verify-otp',
    locale: options.locale,
  })
  await vi.waitFor(() => expect(started!.el!.querySelector('fieldset')).not.toBeNull())
  return started
}

const el = () => started!.el!
const boxes = () => [...el().querySelectorAll<HTMLInputElement>('fieldset input')]
async function enterCode(code: string) {
  const data = new DataTransfer()
  data.setData('text/plain', code)
  boxes()[0]!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, cancelable: true }))
  await settle()
}
const alertText = () => el().querySelector('[data-testid="auth-error"]')?.textContent?.trim()
const resendButton = () => el().querySelector<HTMLButtonElement>('[data-testid="resend"]')!

describe('VerifyOtpPage', () => {
  it('says where the code went and focuses the first box', async () => {
    await openVerify({})
    expect(el().textContent).toContain('We sent a 6-digit code to ana@example.com.')
    expect(document.activeElement).toBe(boxes()[0])
  })

  it('without an address to verify, starts at the email step', async () => {
    sessionStorage.clear()
    const api = createApiClient({ baseUrl: '', fetch: fakeFetch({ '/api/auth/me': anonymous }) })
    started = await startAuthTestApp({ api, path: '/verify-otp?redirect=/account' })
    expect(started.router.currentRoute.value.fullPath).toBe('/login?redirect=/account')
  })

  it.each([
    ['en-US', 2, 'That code is not right. You have 2 tries left.'],
    ['en-US', 1, 'That code is not right. You have 1 try left.'],
    ['pt-BR', 2, 'Código incorreto. Restam 2 tentativas.'],
    ['es-ES', 4, 'El código no es correcto. Te quedan 4 intentos.'],
  ] as const)('in %s, a wrong code with %i tries left says so', async (locale, left, message) => {
    await openVerify(
      { verify: () => failure(400, 'OTP_INVALID', { attemptsLeft: left }) },
      { locale },
    )
    await enterCode('111111')
    expect(alertText()).toBe(message)
    expect(el().querySelector('[data-testid="auth-error"]')?.getAttribute('role')).toBe('alert')
    expect(
      boxes()
        .map((b) => b.value)
        .join(''),
    ).toBe('')
    expect(boxes()[0]!.getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(boxes()[0])
  })

  it.each([
    [
      'en-US',
      failure(400, 'OTP_EXPIRED'),
      'This code has expired or was already used. Ask for a new one.',
    ],
    [
      'en-US',
      failure(409, 'OTP_ALREADY_USED'),
      'This code was already used to sign in, perhaps in another tab. If you are not signed in, ask for a new one.',
    ],
    [
      'pt-BR',
      failure(409, 'OTP_ALREADY_USED'),
      'Este código já foi usado para entrar, talvez em outra aba. Se você não entrou, peça um novo.',
    ],
    [
      'es-ES',
      failure(409, 'OTP_ALREADY_USED'),
      'Este código ya se ha usado para entrar, quizá en otra pestaña. Si no has entrado, pide uno nuevo.',
    ],
    [
      'en-US',
      failure(429, 'ACCOUNT_LOCKED', { retryAfterSeconds: 3480 }, { 'Retry-After': '3480' }),
      'Too many failed sign-ins. For your safety, sign-in is locked for 58 minutes.',
    ],
    [
      'es-ES',
      failure(429, 'ACCOUNT_LOCKED', { retryAfterSeconds: 3600 }, { 'Retry-After': '3600' }),
      'Demasiados inicios de sesión fallidos. Por seguridad, el acceso está bloqueado durante 1 hora.',
    ],
    [
      'pt-BR',
      failure(429, 'TOO_MANY_REQUESTS', { retryAfterSeconds: 30 }, { 'Retry-After': '30' }),
      'Tentativas demais a partir da sua rede. Tente de novo em 30 segundos.',
    ],
  ] as const)('in %s, shows %j as translated text', async (locale, answer, message) => {
    await openVerify({ verify: () => answer }, { locale })
    await enterCode('222222')
    expect(alertText()).toBe(message)
  })

  it('shows an unexpected failure in core’s error view with the request id', async () => {
    await openVerify({ verify: () => failure(500, 'INTERNAL_ERROR') })
    await enterCode('333333')
    expect(alertText()).toBeUndefined()
    expect(el().querySelector('[data-testid="request-id"]')?.textContent).toBe('req-v')
  })

  it('asks for all six digits before calling the server', async () => {
    const verify = vi.fn(() => signedIn)
    await openVerify({ verify })
    await enterCode('123')
    el().querySelector('form')!.dispatchEvent(new Event('submit'))
    await settle()
    expect(el().textContent).toContain('Enter all 6 digits of the code.')
    expect(verify).not.toHaveBeenCalled()
  })

  it('counts down the resend wait from the throttle’s Retry-After, then from resendAfterSeconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    await openVerify({
      request: inTurn(
        failure(429, 'OTP_SEND_THROTTLED', { retryAfterSeconds: 42 }, { 'Retry-After': '42' }),
        { status: 202, body: { message: 'ok', resendAfterSeconds: 60, expiresInSeconds: 600 } },
      ),
    })
    expect(resendButton().disabled).toBe(false)
    resendButton().click()
    await settle()
    expect(alertText()).toBe('We sent a code a moment ago. You can ask for another in 42 seconds.')
    expect(resendButton().textContent?.trim()).toBe('Send a new code in 42 s')
    expect(resendButton().disabled).toBe(true)

    vi.advanceTimersByTime(40_000)
    await settle(1)
    expect(resendButton().textContent?.trim()).toBe('Send a new code in 2 s')
    vi.advanceTimersByTime(2_000)
    await settle(1)
    expect(resendButton().textContent?.trim()).toBe('Send a new code')
    expect(resendButton().disabled).toBe(false)

    resendButton().click()
    await settle()
    expect(el().querySelector('[role="status"]')?.textContent?.trim()).toBe(
      'A new code is on its way to ana@example.com.',
    )
    expect(resendButton().textContent?.trim()).toBe('Send a new code in 60 s')
  })

  it('signs in and returns to the target', async () => {
    const { router, session } = await openVerify({}, { path: '/verify-otp?redirect=/private' })
    await enterCode('123456')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/private'))
    expect(session.user?.email).toBe('ana@example.com')
    expect(sessionStorage.getItem('auth.pendingEmail')).toBeNull()
  })

  it('continues to the target when another tab already signed in with the code', async () => {
    let verified = false
    const { router, session } = await openVerify(
      {
        // The other tab's sign-in set the shared cookies, the presence cookie among them.
        verify: () => (
          (verified = true),
          setSignedInCookie(true),
          failure(409, 'OTP_ALREADY_USED')
        ),
        me: () =>
          verified ? { body: { user: (signedIn.body as { user: unknown }).user } } : anonymous,
      },
      { path: '/verify-otp?redirect=/private' },
    )
    await enterCode('123456')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/private'))
    expect(session.user?.email).toBe('ana@example.com')
  })

  it('signs in and goes home instead of to a foreign target', async () => {
    const { router } = await openVerify({}, { path: '/verify-otp?redirect=https://evil.com' })
    await enterCode('123456')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('test.home'))
  })
})
