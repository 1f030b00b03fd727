import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { emailSchema } from '@stratum/layer-auth/shared'
import { itemAccessSchema } from './item-access.ts'
import { auditFieldsSchema, listQueryBase, pageOf } from './list-query.ts'

/** Text a form may leave empty: `''` and `null` both clear the field. */
export const optionalText = (max: number) =>
  safeText().trim().max(max, `At most ${max} characters.`).nullable().optional()

/** Unique per tenant among live clients, whatever the letter case. */
export const clientNameSchema = safeText()
  .trim()
  .min(1, 'Enter a name.')
  .max(200, 'At most 200 characters.')
/** Free-form phone number: digits and the usual separators. */
export const phoneSchema = safeText()
  .trim()
  .max(40, 'At most 40 characters.')
  .regex(/^[0-9+().\-\s]*$/, 'Use digits, spaces and + ( ) - .')

/** Body of `POST /api/app/clients`; the client form validates with it too. */
export const createClientBodySchema = z
  .object({
    name: clientNameSchema,
    email: z
      .union([z.literal(''), emailSchema])
      .nullable()
      .optional(),
    phone: phoneSchema.nullable().optional(),
    notes: optionalText(5000),
  })
  .strict()
export type CreateClientBody = z.input<typeof createClientBodySchema>

/** Body of `PATCH /api/app/clients/{id}`: only the fields sent change. */
export const updateClientBodySchema = createClientBodySchema.partial().strict()
export type UpdateClientBody = z.input<typeof updateClientBodySchema>

/** A client as the API returns it. */
export const clientSchema = auditFieldsSchema.extend({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  /** Live (not deleted) projects of the client. */
  projectCount: z.number().int(),
  access: itemAccessSchema,
})
export type Client = z.infer<typeof clientSchema>

/** Columns a client list may be sorted by. */
export const CLIENT_SORTS = ['name', 'createdAt', 'updatedAt'] as const
/** `GET /api/app/clients` query. */
export const clientListQuerySchema = listQueryBase.extend({
  sort: z.enum(CLIENT_SORTS).default('name'),
})
export type ClientListQuery = z.input<typeof clientListQuerySchema>
export const clientPageSchema = pageOf(clientSchema)
export type ClientPage = z.infer<typeof clientPageSchema>
