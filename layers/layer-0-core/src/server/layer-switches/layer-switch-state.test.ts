import { describe, expect, it } from 'vitest'
import { LayerSwitchState } from './layer-switch-state.ts'

const installed = ['core', 'auth', 'multitenant', 'authenticated', 'languages']
const row = (layerId: string, tenantId: string | null, enabled: boolean, may = false) => ({
  layerId,
  tenantId,
  enabled,
  tenantAdminsMaySwitch: may,
})

describe('LayerSwitchState', () => {
  it('takes the tenant row, else the global row, else on for an installed layer', () => {
    const state = new LayerSwitchState(installed, [
      row('languages', null, false, true),
      row('languages', 'acme', true),
      row('authenticated', 'acme', false),
    ])
    expect(state.isOn('languages', 'acme')).toBe(true)
    expect(state.isOn('languages', 'other')).toBe(false)
    expect(state.isOn('languages')).toBe(false)
    expect(state.isOn('authenticated', 'acme')).toBe(false)
    expect(state.isOn('authenticated', 'other')).toBe(true)
    expect(state.isOn('billing')).toBe(false)
    expect(state.tenantAdminsMaySwitch('languages')).toBe(true)
    expect(state.override('languages', 'other')).toBeUndefined()
  })

  it('ignores rows for platform layers and layers no longer installed', () => {
    const state = new LayerSwitchState(installed, [
      row('auth', null, false),
      row('multitenant', 'acme', false),
      row('billing', null, true),
    ])
    expect([state.isOn('auth'), state.isOn('multitenant', 'acme'), state.isOn('billing')]).toEqual([
      true,
      true,
      false,
    ])
    expect(state.mayDiffer('acme')).toBe(false)
  })

  it('says when a tenant surely has every layer on', () => {
    const state = new LayerSwitchState(installed, [
      row('languages', null, true, true),
      row('authenticated', 'acme', false),
    ])
    expect([state.mayDiffer('acme'), state.mayDiffer('other'), state.mayDiffer(undefined)]).toEqual(
      [true, false, false],
    )
    expect(new LayerSwitchState(installed, [row('languages', null, false)]).mayDiffer('x')).toBe(
      true,
    )
  })
})
