import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditItem } from '../../shared/audit-schemas.ts'
import { mountConsole } from '../testing/console-test-app.ts'
import AuditPage from './AuditPage.vue'

const row: AuditItem = {
  id: 'a1',
  timestamp: '2026-12-02T12:00:00Z',
  userId: '5b0c3c84-6f1e-4a55-9c43-9d0c1f6f0a01',
  tenantId: 't1',
  action: 'update',
  resourceType: 'clients',
  resourceId: 'c-7',
  oldValues: { name: 'Acme', city: 'Lisbon' },
  newValues: { name: 'Acme Corp', city: 'Lisbon' },
  changedFields: ['name'],
  ipAddress: '127.0.0.1',
  userAgent: 'Chromium',
  requestId: 'req-7',
  reason: null,
}

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

describe('AuditPage', () => {
  it("shows a resource's history with the changed field highlighted, and an intact chain", async () => {
    const { wrapper, asked } = await mountConsole(
      AuditPage,
      {
        '/api/admin/logging/audit/resource/clients/c-7': { body: { items: [row] } },
        '/api/admin/logging/audit/verify': { body: { ok: true, checked: 12 } },
      },
      '/logging/audit?resourceType=clients&resourceId=c-7',
    )
    cleanup = () => wrapper.unmount()
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('History of clients c-7')
    expect(asked).toContain('/api/admin/logging/audit/resource/clients/c-7?limit=50')
    const changed = wrapper.findAll('[data-testid="audit-diff"] tbody tr')
    expect(changed.map((tr) => [tr.attributes('data-changed'), tr.text()])).toEqual([
      ['true', 'namechangedAcmeAcme Corp'],
      ['false', 'cityLisbonLisbon'],
    ])
    expect(wrapper.get('[data-testid="audit-row"]').text()).toContain('Changed')
    expect(wrapper.get('[data-testid="chain-status"]').text()).toContain(
      'Intact: 12 rows checked, none changed or missing.',
    )
    expect(wrapper.find('form[aria-label="Filter the audit trail"]').exists()).toBe(false)
  })

  it("heads a user's activity with their email once a row names them, and with the id before", async () => {
    const id = row.userId!
    const { wrapper, asked } = await mountConsole(
      AuditPage,
      {
        [`/api/admin/logging/audit/user/${id}`]: {
          body: { items: [{ ...row, actorEmail: 'ana@example.test' }] },
        },
        '/api/admin/logging/audit/verify': { body: { ok: true, checked: 1 } },
      },
      `/logging/audit?userId=${id}`,
    )
    cleanup = () => wrapper.unmount()
    await flushPromises()
    expect(asked).toContain(`/api/admin/logging/audit/user/${id}?limit=50`)
    expect(wrapper.get('h1').text()).toBe('Activity of ana@example.test')
    wrapper.unmount()

    const quiet = await mountConsole(
      AuditPage,
      {
        [`/api/admin/logging/audit/user/${id}`]: { body: { items: [] } },
        '/api/admin/logging/audit/verify': { body: { ok: true, checked: 0 } },
      },
      `/logging/audit?userId=${id}`,
    )
    cleanup = () => quiet.wrapper.unmount()
    await flushPromises()
    expect(quiet.wrapper.get('h1').text()).toBe(`Activity of ${id}`)
  })

  it('names the first broken row of the chain, and filters the full trail', async () => {
    const { wrapper, asked } = await mountConsole(
      AuditPage,
      {
        '/api/admin/logging/audit': { body: { items: [] } },
        '/api/admin/logging/audit/verify': {
          body: { ok: false, checked: 3, firstBroken: { id: 'a2', reason: 'removed' } },
        },
      },
      '/logging/audit',
    )
    cleanup = () => wrapper.unmount()
    await flushPromises()
    expect(wrapper.get('[data-testid="chain-status"]').text()).toContain(
      'Broken at row a2: it was removed.',
    )
    expect(wrapper.get('[data-testid="audit-empty"]').text()).toBe(
      'No audit rows match these filters.',
    )
    await wrapper.get('input[name="action"]').setValue('auth.login')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(asked.at(-1)).toBe('/api/admin/logging/audit?action=auth.login&limit=50')
  })

  it('names actions in words, and actors and resources by email and name when the API gives them', async () => {
    const events: AuditItem[] = [
      {
        ...row,
        id: 'a3',
        action: 'authenticated.client.deleted',
        resourceType: 'client',
        actorEmail: 'ana@example.com',
        resourceName: 'Initech',
      },
      { ...row, id: 'a4', action: 'multitenant.policy.granted', resourceType: 'client' },
      { ...row, id: 'a5', action: 'someday.thing.happened', resourceType: null, resourceId: null },
    ]
    const { wrapper } = await mountConsole(
      AuditPage,
      {
        '/api/admin/logging/audit': { body: { items: events } },
        '/api/admin/logging/audit/verify': { body: { ok: true, checked: 3 } },
      },
      '/logging/audit',
    )
    cleanup = () => wrapper.unmount()
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="audit-row"]')
    expect(rows.map((r) => r.get('[data-testid="audit-action"]').text())).toEqual([
      'Client deleted',
      'Record shared',
      'someday.thing.happened',
    ])
    expect(rows[0]!.get('[data-testid="audit-actor"]').text()).toBe('ana@example.com')
    expect(rows[0]!.get('[data-testid="audit-resource"]').text()).toBe('Initech')
    // Without them, the ids remain.
    expect(rows[1]!.find('[data-testid="audit-actor"]').exists()).toBe(false)
    expect(rows[1]!.text()).toContain(row.userId!)
  })
})
