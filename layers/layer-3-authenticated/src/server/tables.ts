import type { ColumnType, Generated } from 'kysely'
import type { MultitenantDatabase } from '@stratum/layer-multitenant/server'

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Columns every business resource of this layer has. */
interface ResourceColumns {
  tenant_id: string
  id: Generated<string>
  created_by: string | null
  created_at: DefaultTimestamp
  updated_at: DefaultTimestamp
  deleted_at: Timestamp | null
}

/** The tables this layer's migration creates. */
export interface AuthenticatedTables {
  app_clients: ResourceColumns & {
    name: string
    email: string | null
    phone: string | null
    notes: string | null
  }
  app_projects: ResourceColumns & {
    client_id: string
    name: string
    status: Generated<'planned' | 'active' | 'done'>
    /** `numeric(14,2)`: the driver returns a string. */
    budget: ColumnType<string | null, number | null | undefined, number | null>
    /** `date`: read it as text (`due_date::text`) so no time zone shifts it. */
    due_date: ColumnType<string | null, string | null | undefined, string | null>
  }
  app_user_settings: {
    user_id: string
    settings: ColumnType<Record<string, unknown>, string, string>
    updated_at: DefaultTimestamp
  }
}

/** This layer's view of the database: its tables, layer 2's, and auth's users. */
export type AuthenticatedDatabase = AuthenticatedTables & MultitenantDatabase
