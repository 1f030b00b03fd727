/**
 * Where this layer's pages live. The host installs the layer's client half only when a
 * navigation targets one of these paths (or once someone signs in), so the login page does not
 * download it; every route in `routes.ts` must stay under one of them (the host checks).
 */
export const routePaths: readonly string[] = [
  '/dashboard',
  '/clients',
  '/projects',
  '/reports',
  '/profile',
  '/settings',
]
