/** Core messages in en-US: the typed source the other locales follow. */
export const enUS = {
  app: {
    skipToContent: 'Skip to content',
    mainNav: 'Main navigation',
    language: 'Language',
    logoAlt: '{app} logo',
  },
  nav: { mailbox: 'Dev mailbox' },
  loading: { label: 'Loading…' },
  landing: {
    title: 'Home',
    heading: 'Welcome to {app}',
    signIn: 'Sign in',
    openApp: 'Open the app',
  },
  shell: {
    sideNav: 'Sections',
    openMenu: 'Menu',
    home: '{app}: home',
    sections: { workspace: 'Workspace', administration: 'Administration', account: 'Account' },
  },
  start: {
    title: 'Welcome',
    empty: 'There is no page for you to open yet. Ask an administrator of your tenant.',
  },
  notFound: {
    title: 'Page not found',
    body: 'No page lives at {path}.',
    home: 'Go to the home page',
  },
  error: {
    title: 'Something went wrong',
    requestId: 'Request ID',
    help: 'If this keeps happening, quote the request ID when you report it.',
    retry: 'Try again',
  },
  errors: {
    NETWORK_ERROR: 'The server could not be reached. Check your connection and try again.',
    TIMEOUT: 'The server took too long to answer.',
    INVALID_RESPONSE: 'The server sent an answer the app does not understand.',
    NOT_FOUND: 'What you asked for does not exist.',
    UNAUTHORIZED: 'You need to sign in first.',
    FORBIDDEN: 'You are not allowed to do this.',
    RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
    NOT_READY: 'The server is starting. Try again in a moment.',
    SHUTTING_DOWN: 'The server is restarting. Try again in a moment.',
    DATABASE_UNAVAILABLE: 'The service is briefly unavailable. Try again in a few seconds.',
    INTERNAL_ERROR: 'The server ran into a problem.',
    UNKNOWN: 'An unexpected error happened.',
  },
  mailbox: {
    title: 'Dev mailbox',
    intro: 'Mail the app sent while no SMTP server is configured.',
    refresh: 'Refresh',
    count: 'No messages | One message | {count} messages',
    empty: 'No mail has been sent yet.',
    disabled:
      'The dev mailbox is off: an SMTP server is configured, so mail is delivered for real.',
    from: 'From',
    to: 'To',
    sentAt: 'Sent',
    noSubject: '(no subject)',
  },
}

/** Shape every core locale must match. */
export type CoreMessages = typeof enUS
