import type { z } from 'zod'
import { apiErrorBodySchema } from '../shared/errors.ts'

/** A JSON response entry for `createRoute`. */
export const jsonResponse = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/** The error shape as an OpenAPI response, for the statuses a route can answer with. */
export const errorResponse = (description: string) => jsonResponse(apiErrorBodySchema, description)

/** A JSON request body entry for `createRoute`. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { 'application/json': { schema } },
})
