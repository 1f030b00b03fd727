/**
 * Settles like `promise`, or rejects with `onTimeout()` after `ms` milliseconds, whichever is first.
 * The timer is cleared on settle so a fast answer leaves nothing pending, and unref'd so a guard
 * never keeps the process alive at shutdown.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
    timer.unref()
  })
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer))
}
