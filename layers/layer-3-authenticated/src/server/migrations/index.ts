import type { Migration } from 'kysely'
import { clientsProjects } from './20260801000000_clients_projects.ts'

/** Static record, so the migrations survive bundling. */
export const authenticatedMigrations: Record<string, Migration> = {
  '20260801000000_clients_projects': clientsProjects,
}
