import type { ApiClient } from '@stratum/layer-core/client'
import type {
  AuthUser,
  MeResponse,
  RequestOtpBody,
  RequestOtpResponse,
  SessionResponse,
  VerifyOtpBody,
} from '../shared/schemas.ts'

/** Auth endpoints, relative to the API client's base URL. */
export const AUTH_PATHS = {
  requestOtp: '/api/auth/request-otp',
  verifyOtp: '/api/auth/verify-otp',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
} as const

// Hand-written checks instead of the shared zod schemas keep zod out of the layer's chunk,
// which every page loads at boot; only the sign-in forms pull zod in.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function parseUser(value: unknown): AuthUser {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.email !== 'string') {
    throw new TypeError('Expected a user with a string id and email.')
  }
  return value as unknown as AuthUser
}

const userParser = {
  parse: (data: unknown): { user: AuthUser } => {
    if (!isObject(data)) throw new TypeError('Expected { user }.')
    return { user: parseUser(data.user) }
  },
}

export const sessionParser = {
  parse: (data: unknown): SessionResponse => {
    const { user } = userParser.parse(data)
    return { ...(data as SessionResponse), user }
  },
}

/** The auth layer's calls, over the app's one API client. */
export const authApi = (api: ApiClient) => ({
  /** `202`: a code is on its way, whether or not the address has an account. */
  requestOtp: (body: RequestOtpBody) => api.post<RequestOtpResponse>(AUTH_PATHS.requestOtp, body),
  /** `200`: signed in; the session cookies are set by the response. */
  verifyOtp: (body: VerifyOtpBody) =>
    api.post(AUTH_PATHS.verifyOtp, body, { schema: sessionParser }),
  /** Rotates the refresh cookie; `401` when there is no session to refresh. */
  refresh: () => api.post(AUTH_PATHS.refresh, undefined, { schema: sessionParser }),
  logout: () => api.post<void>(AUTH_PATHS.logout),
  /** The user, and the impersonation the session runs in (absent from older servers). */
  me: () =>
    api.get(AUTH_PATHS.me, { schema: sessionParser as { parse: (d: unknown) => MeResponse } }),
  /** Ends the impersonation: the superadmin's own session (`undefined` when none was kept). */
  stopImpersonation: () => api.post<SessionResponse | undefined>('/api/auth/impersonation/stop'),
})

export type AuthApi = ReturnType<typeof authApi>
