/** Build-time settings the core client reads (see the API client). */
interface ImportMetaEnv {
  /** Origin of the API when it is not served from the app's own origin. */
  readonly VITE_API_BASE_URL?: string
}
