import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import DataTable from './DataTable.vue'

const rows = () => [
  h('caption', 'Clients'),
  h('tbody', [
    h('tr', [h('th', { scope: 'row' }, 'Acme'), h('td', { 'data-label': 'Status' }, 'Active')]),
  ]),
]

describe('DataTable', () => {
  it('puts the caller’s attributes on the table and turns rows into cards on phones by default', () => {
    const wrapper = mount(DataTable, {
      attrs: { class: 'clients', 'data-testid': 'clients-table', 'aria-busy': 'false' },
      slots: { default: rows },
    })
    const table = wrapper.get('table')
    expect(table.classes()).toEqual(
      expect.arrayContaining(['data-table', 'is-cards-on-phones', 'clients']),
    )
    expect(table.attributes('data-testid')).toBe('clients-table')
    expect(table.attributes('aria-busy')).toBe('false')
    expect(table.get('caption').text()).toBe('Clients')
    expect(table.get('td').attributes('data-label')).toBe('Status')
    // No label, no region: the frame is not a tab stop.
    expect(wrapper.element.getAttribute('role')).toBeNull()
    expect(wrapper.element.getAttribute('tabindex')).toBeNull()
  })

  it('keeps a matrix a table in a named, focusable frame', () => {
    const wrapper = mount(DataTable, {
      props: { cards: false, regionLabel: 'Roles and permissions' },
      slots: { default: rows },
    })
    expect(wrapper.get('table').classes()).not.toContain('is-cards-on-phones')
    expect(wrapper.element.getAttribute('role')).toBe('region')
    expect(wrapper.element.getAttribute('tabindex')).toBe('0')
    expect(wrapper.element.getAttribute('aria-label')).toBe('Roles and permissions')
  })
})
