// One short line per step, with its duration, so a slow start shows where the time went.
import { performance } from 'node:perf_hooks'

const useColour = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code) => (text) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text)

export const dim = paint('2')
export const bold = paint('1')
export const green = paint('32')
export const red = paint('31')
export const yellow = paint('33')
export const cyan = paint('36')

/** Seconds since `start` (a `performance.now()` value), as `1.23 s`. */
export const since = (start) => `${((performance.now() - start) / 1000).toFixed(2)} s`

/** Prints one line prefixed with the tool's name. */
export const say = (text) => console.log(`${cyan('stratum')} ${text}`)

/**
 * Runs `fn` as a named step and prints one line when it ends: `label: <result> (1.23 s)`.
 * `fn` returns the short result text; a thrown error prints the step as failed and rethrows.
 */
export const step = async (label, fn) => {
  const start = performance.now()
  try {
    const result = await fn()
    say(`${label}: ${result} ${dim(`(${since(start)})`)}`)
    return result
  } catch (error) {
    say(`${label}: ${red('failed')} ${dim(`(${since(start)})`)}`)
    throw error
  }
}
