/** Auth messages in en-US: the typed source the other locales follow. */
export const enUS = {
  nav: { account: 'My account' },
  menu: {
    suffix: 'account menu',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
  },
  login: {
    title: 'Sign in',
    heading: 'Sign in to {app}',
    intro: 'Enter your email address and we will send you a {length}-digit sign-in code.',
    email: 'Email address',
    submit: 'Send me a code',
    submitting: 'Sending…',
    haveCode: 'I already have a code',
  },
  verify: {
    title: 'Enter your code',
    heading: 'Check your email',
    intro: 'We sent a {length}-digit code to {email}. It is valid for {minutes} minutes.',
    code: 'Sign-in code',
    digit: 'Digit {position} of {length}',
    submit: 'Sign in',
    submitting: 'Signing in…',
    resend: 'Send a new code',
    resendIn: 'Send a new code in {seconds} s',
    resent: 'A new code is on its way to {email}.',
    otherEmail: 'Use a different email address',
  },
  account: {
    title: 'My account',
    heading: 'My account',
    signInHeading: 'Sign-in',
    email: 'Signed in as',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
  },
  fields: {
    emailRequired: 'Enter your email address.',
    emailInvalid: "Enter a valid email address, like name{'@'}example.com.",
    emailTooLong: 'An email address has at most {max} characters.',
    codeIncomplete: 'Enter all {length} digits of the code.',
  },
  errors: {
    title: 'Sign-in did not work',
    OTP_INVALID:
      'That code is not right, and it cannot be tried again. | That code is not right. You have {count} try left. | That code is not right. You have {count} tries left.',
    OTP_EXPIRED: 'This code has expired or was already used. Ask for a new one.',
    OTP_ALREADY_USED:
      'This code was already used to sign in, perhaps in another tab. If you are not signed in, ask for a new one.',
    OTP_TOO_MANY_ATTEMPTS: 'Too many wrong tries for this code. Ask for a new one.',
    ACCOUNT_LOCKED: 'Too many failed sign-ins. For your safety, sign-in is locked for {time}.',
    OTP_SEND_THROTTLED: 'We sent a code a moment ago. You can ask for another in {time}.',
    TOO_MANY_REQUESTS: 'Too many attempts from your network. Try again in {time}.',
    RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
    MAIL_DELIVERY_FAILED: 'We could not send the email right now. Try again in a minute.',
    CACHE_UNAVAILABLE: 'Sign-in is briefly unavailable. Try again in a few seconds.',
    ACCOUNT_DISABLED: 'This account is disabled. Contact your administrator.',
    CSRF_REJECTED:
      'This request was blocked because it did not come from this app. Reload the page and try again.',
    INSECURE_TRANSPORT: 'Sign-in needs a secure (https) connection.',
  },
  time: {
    seconds: '{n} second | {n} seconds',
    minutes: '{n} minute | {n} minutes',
    hours: '{n} hour | {n} hours',
  },
}

/** Shape every auth locale must match. */
export type AuthMessages = typeof enUS
