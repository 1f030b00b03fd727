/** Error codes of the multitenant layer. */
export const MultitenantErrorCode = {
  TENANT_REQUIRED: 'TENANT_REQUIRED',
  TENANT_NOT_FOUND: 'TENANT_NOT_FOUND',
  TENANT_ACCESS_DENIED: 'TENANT_ACCESS_DENIED',
  TENANT_INACTIVE: 'TENANT_INACTIVE',
  /** `details.permission` names what is missing. */
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  SLUG_TAKEN: 'SLUG_TAKEN',
  ROLE_IMMUTABLE: 'ROLE_IMMUTABLE',
  ROLE_IN_USE: 'ROLE_IN_USE',
  ROLE_NOT_FOUND: 'ROLE_NOT_FOUND',
  MEMBER_NOT_FOUND: 'MEMBER_NOT_FOUND',
  /** 409: the change would leave the tenant without an account admin. */
  LAST_ACCOUNT_ADMIN: 'LAST_ACCOUNT_ADMIN',
  /** 403: the role holds a permission the actor lacks; `details.permission` names it. */
  ROLE_ABOVE_ACTOR: 'ROLE_ABOVE_ACTOR',
  /** 403: members cannot change their own role (nor invite themselves to another). */
  OWN_ROLE_CHANGE: 'OWN_ROLE_CHANGE',
  /**
   * 403: whoever sent the invite no longer holds every permission of its role (checked when it is
   * accepted); `details.permission` names one. The invite stays pending.
   */
  INVITE_ROLE_ABOVE_INVITER: 'INVITE_ROLE_ABOVE_INVITER',
  INVITE_NOT_FOUND: 'INVITE_NOT_FOUND',
  INVITE_EMAIL_MISMATCH: 'INVITE_EMAIL_MISMATCH',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  UNKNOWN_PERMISSION: 'UNKNOWN_PERMISSION',
  POLICY_NOT_FOUND: 'POLICY_NOT_FOUND',
} as const

export type MultitenantErrorCode = (typeof MultitenantErrorCode)[keyof typeof MultitenantErrorCode]
