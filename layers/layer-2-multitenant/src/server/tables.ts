import type { ColumnType, Generated } from 'kysely'
import type { AuthDatabase } from '@stratum/layer-auth/server'

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface MultitenantTables {
  tenants: {
    id: Generated<string>
    name: string
    slug: string
    settings: ColumnType<Record<string, unknown>, string | undefined, string>
    theme: string | null
    is_active: Generated<boolean>
    created_at: DefaultTimestamp
    deleted_at: Timestamp | null
  }
  permissions: { name: string; description: string; layer: string }
  /** Grants of the tenant system roles, synced from the `multitenant.permissions` contributions. */
  system_role_grants: { role_key: string; permission: string; layer: string }
  roles: {
    tenant_id: string
    id: Generated<string>
    key: string
    name: string
    description: Generated<string>
    is_system: Generated<boolean>
    created_at: DefaultTimestamp
  }
  role_permissions: { tenant_id: string; role_id: string; permission: string }
  tenant_user_roles: {
    tenant_id: string
    user_id: string
    role_id: string
    created_at: DefaultTimestamp
  }
  resource_policies: {
    tenant_id: string
    id: Generated<string>
    user_id: string
    resource_type: string
    resource_id: string
    can_view: Generated<boolean>
    can_edit: Generated<boolean>
    can_delete: Generated<boolean>
    expires_at: Timestamp | null
    granted_by: string | null
    created_at: DefaultTimestamp
  }
  tenant_invites: {
    tenant_id: string
    id: Generated<string>
    email: string
    role_id: string
    token_hash: string
    invited_by: string | null
    expires_at: Timestamp
    accepted_at: Timestamp | null
    created_at: DefaultTimestamp
  }
}

/** The multitenant layer's view of the database (its own tables plus auth's users). */
export type MultitenantDatabase = MultitenantTables & Pick<AuthDatabase, 'auth_users'>
