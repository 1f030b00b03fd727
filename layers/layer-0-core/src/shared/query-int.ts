import { z } from 'zod'

/** Options of {@link queryInt}. */
export interface QueryIntOptions {
  /** @default 0 */
  min?: number
  /** @default Number.MAX_SAFE_INTEGER */
  max?: number
  /** Used when the parameter is absent. @default none: the parameter is required */
  default?: number
}

const DIGITS = /^\d+$/

const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(DIGITS, 'Use decimal digits only.')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
type DecimalInt = ReturnType<typeof decimal>

/**
 * An integer in a query string, written in decimal digits only. `z.coerce.number()` reads
 * `0x10` as 16 and also takes `1e1`, `0b11`, `+10`, `10.0` and surrounding spaces; here they are
 * a 400. The OpenAPI document shows an integer with its bounds.
 */
export function queryInt(options: QueryIntOptions & { default: number }): z.ZodDefault<DecimalInt>
export function queryInt(options?: QueryIntOptions): DecimalInt
export function queryInt(options: QueryIntOptions = {}): DecimalInt | z.ZodDefault<DecimalInt> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options
  const digits = decimal(min, max)
  const doc = { type: 'integer', minimum: min, maximum: max }
  return options.default === undefined
    ? digits.meta(doc)
    : digits.default(options.default).meta({ ...doc, default: options.default })
}
