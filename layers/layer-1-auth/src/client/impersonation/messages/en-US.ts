/** The impersonation and sessions screens' messages in en-US: the typed source. */
export const enUS = {
  banner: 'You are acting as {user} on behalf of superadmin {by}. It ends at {time}.',
  stop: 'Stop',
  stopping: 'Stopping…',
  actAs: 'Act as this user',
  actAsLabel: 'Act as {email}',
  dialogTitle: 'Act as {email}',
  dialogIntro:
    'You will see what this user sees for at most {minutes} minutes. Everything you do is recorded with both your identities, and the user can see the reason.',
  reason: 'Reason',
  reasonHint: 'Between {min} and {max} characters.',
  reasonTooShort: 'Give a reason of at least {min} characters.',
  reasonTooLong: 'A reason has at most {max} characters.',
  start: 'Start acting as this user',
  starting: 'Starting…',
  cancel: 'Cancel',
  errors: {
    IMPERSONATION_REFUSED: 'This user cannot be impersonated: a superadmin or a disabled account.',
    ALREADY_IMPERSONATING: 'You are already acting as another user. Stop that first.',
    NOT_IMPERSONATING: 'You are not acting as another user any more.',
    USER_NOT_FOUND: 'This user no longer exists.',
    IMPERSONATION_TENANT_INVALID:
      'This user is not a member of this workspace any more, or the workspace is closed.',
    FORBIDDEN: 'Only a superadmin can do this.',
    SESSION_IS_CURRENT: 'This is the session you are using. Sign out to end it.',
    SESSION_NOT_FOUND: 'This session has already ended.',
    unexpected: 'That did not work. Try again in a moment.',
  },
  sessions: {
    heading: 'Your sessions',
    loading: 'Loading your sessions…',
    started: 'Started {time}',
    lastUsed: 'last used {time}',
    current: 'This session',
    unknownDevice: 'Unknown browser',
    device: '{browser} on {os}',
    end: 'End',
    endLabel: 'End the session started {time}',
    ended: 'The session was ended.',
    address: 'from {ip}',
    endOthers: 'Sign out all other sessions',
    endedOthers: 'Signed out of {count} other session. | Signed out of {count} other sessions.',
    actingBy: 'Superadmin {email} is acting as you in this session. Reason: {reason}',
    pastHeading: 'Who acted as you',
    pastIntro: 'Superadmins who acted as you in the last {days} days, and why.',
    pastItem: '{email}, from {start} until {end}',
    pastEmpty: 'Nobody acted as you in the last {days} days.',
    reason: 'Reason: {reason}',
  },
}

/** Shape every locale of these screens must match. */
export type ImpersonationMessages = typeof enUS
