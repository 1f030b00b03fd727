import type { ApiClient } from '@stratum/layer-core/client'
import type {
  EndOtherSessionsResponse,
  SessionsResponse,
  StartImpersonationBody,
} from '../../shared/impersonation-api.ts'
import { sessionParser } from '../auth-api.ts'

const IMPERSONATION = '/api/auth/impersonation'
const SESSIONS = '/api/auth/sessions'

/** The calls of the impersonation dialog and the sessions list (lazy pages, not the boot path). */
export const impersonationCalls = (api: ApiClient) => ({
  /** Superadmins: `201`, a session as that user; the server keeps their own session aside. */
  start: (body: StartImpersonationBody) => api.post(IMPERSONATION, body, { schema: sessionParser }),
  sessions: () => api.get<SessionsResponse>(SESSIONS),
  endSession: (id: string) => api.delete<void>(`${SESSIONS}/${encodeURIComponent(id)}`),
  /** Every session but this one. */
  endOtherSessions: () => api.delete<EndOtherSessionsResponse>(SESSIONS),
})
