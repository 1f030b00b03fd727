import { sql, type Kysely } from 'kysely'
import type { DemoDataContribution, DemoTenant } from '@stratum/layer-multitenant/server'
import type { ProjectStatus } from '../shared/project-schemas.ts'
import type { AuthenticatedDatabase } from './tables.ts'

interface DemoProject {
  readonly name: string
  readonly status: ProjectStatus
  readonly budget?: number
  /** Days from today; negative is overdue. */
  readonly dueIn?: number
  /** Days ago it was created. */
  readonly age: number
}

interface DemoClient {
  readonly name: string
  readonly email?: string
  readonly phone?: string
  readonly notes?: string
  readonly age: number
  readonly projects: readonly DemoProject[]
}

/** A few months of work per tenant: varied statuses, budgets and dates, so lists and reports show something. */
const DEMO_CLIENTS: Record<DemoTenant['slug'], readonly DemoClient[]> = {
  acme: [
    {
      name: 'Initech',
      email: 'contact@initech.example',
      phone: '+1 555 0100',
      notes: 'Prefers a call on Mondays.',
      age: 170,
      projects: [
        { name: 'TPS report portal', status: 'done', budget: 18000, dueIn: -60, age: 165 },
        { name: 'Printer fleet audit', status: 'active', budget: 4500, dueIn: 20, age: 40 },
      ],
    },
    {
      name: 'Umbrella Health',
      email: 'it@umbrella.example',
      age: 130,
      projects: [
        { name: 'Clinic booking app', status: 'active', budget: 52000, dueIn: 45, age: 120 },
        { name: 'Lab results API', status: 'planned', budget: 30000, dueIn: 90, age: 12 },
      ],
    },
    {
      name: 'Stark Logistics',
      phone: '+44 20 7946 0000',
      age: 95,
      projects: [
        { name: 'Warehouse dashboard', status: 'done', budget: 12500, dueIn: -20, age: 90 },
        { name: 'Route planner', status: 'planned', dueIn: 120, age: 5 },
      ],
    },
    {
      name: 'Wayne Foundation',
      email: 'grants@wayne.example',
      notes: 'Non-profit rate.',
      age: 60,
      projects: [{ name: 'Donor CRM migration', status: 'active', budget: 8000, age: 55 }],
    },
    { name: 'Hooli', email: 'vendors@hooli.example', age: 8, projects: [] },
  ],
  globex: [
    {
      name: 'Soylent Foods',
      email: 'ops@soylent.example',
      age: 150,
      projects: [
        { name: 'Supply chain review', status: 'done', budget: 9000, dueIn: -90, age: 145 },
        { name: 'Label redesign', status: 'active', budget: 2500, dueIn: 10, age: 30 },
      ],
    },
    {
      name: 'Cyberdyne Systems',
      phone: '+1 555 0199',
      age: 75,
      projects: [{ name: 'Safety assessment', status: 'planned', budget: 40000, age: 20 }],
    },
    { name: 'Tyrell Corp', email: 'hello@tyrell.example', age: 25, projects: [] },
  ],
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)
const dateIn = (days: number) => daysAgo(-days).toISOString().slice(0, 10)

/** Adds the demo clients and projects to a demo tenant that has no client yet, live or deleted. */
async function seed(raw: Kysely<unknown>, tenant: DemoTenant): Promise<void> {
  const trx = raw as Kysely<AuthenticatedDatabase>
  const existing = await trx
    .selectFrom('app_clients')
    .select(sql<number>`1`.as('one'))
    .where('tenant_id', '=', tenant.id)
    .limit(1)
    .executeTakeFirst()
  if (existing) return
  for (const client of DEMO_CLIENTS[tenant.slug]) {
    const at = daysAgo(client.age)
    const row = await trx
      .insertInto('app_clients')
      .values({
        tenant_id: tenant.id,
        name: client.name,
        email: client.email ?? null,
        phone: client.phone ?? null,
        notes: client.notes ?? null,
        created_by: tenant.demoUserId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const project of client.projects) {
      const created = daysAgo(project.age)
      await trx
        .insertInto('app_projects')
        .values({
          tenant_id: tenant.id,
          client_id: row.id,
          name: project.name,
          status: project.status,
          budget: project.budget ?? null,
          due_date: project.dueIn === undefined ? null : dateIn(project.dueIn),
          created_by: tenant.demoUserId,
          created_at: created,
          updated_at: created,
        })
        .execute()
    }
  }
}

/** This layer's demo clients and projects, through layer 2's `multitenant.demoData`. */
export const authenticatedDemoData: DemoDataContribution = { name: 'authenticated', seed }
