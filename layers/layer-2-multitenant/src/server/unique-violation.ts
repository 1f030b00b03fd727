/** True when `error` is PostgreSQL's unique violation of `constraint` (pg and PGlite alike). */
export const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  error instanceof Error &&
  (error as { code?: string }).code === '23505' &&
  error.message.includes(constraint)
