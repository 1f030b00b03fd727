/** Error codes of the authenticated layer; `PERMISSION_DENIED` comes from layer 2. */
export const AuthenticatedErrorCode = {
  CLIENT_NOT_FOUND: 'CLIENT_NOT_FOUND',
  /** `details.fields.name`: another live client of the tenant has this name. */
  CLIENT_NAME_TAKEN: 'CLIENT_NAME_TAKEN',
  /** The client is soft-deleted: restore it before changing it or adding projects. */
  CLIENT_DELETED: 'CLIENT_DELETED',
  PROJECT_NOT_FOUND: 'PROJECT_NOT_FOUND',
  PROJECT_DELETED: 'PROJECT_DELETED',
  /** Restore was asked for something that is not deleted. */
  NOT_DELETED: 'NOT_DELETED',
  /** `details.fields.theme`: no such theme under `themes/`. */
  UNKNOWN_THEME: 'UNKNOWN_THEME',
} as const

export type AuthenticatedErrorCode =
  (typeof AuthenticatedErrorCode)[keyof typeof AuthenticatedErrorCode]
