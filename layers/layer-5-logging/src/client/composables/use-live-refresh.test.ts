import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { useLiveRefresh } from './use-live-refresh.ts'

let visibility: DocumentVisibilityState
beforeEach(() => {
  vi.useFakeTimers()
  visibility = 'visible'
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

function mountLive(on = true) {
  const enabled = ref(on)
  let calls = 0
  const wrapper = mount(
    defineComponent({
      setup() {
        const { hidden } = useLiveRefresh(enabled, async () => void (calls += 1))
        return () => h('p', hidden.value ? 'hidden' : 'visible')
      },
    }),
  )
  return { enabled, wrapper, calls: () => calls }
}
const setVisibility = (state: DocumentVisibilityState) => {
  visibility = state
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('useLiveRefresh', () => {
  it('refreshes every 5 s while on and visible, and stops when switched off', async () => {
    const { enabled, calls } = mountLive()
    await vi.advanceTimersByTimeAsync(15_000)
    expect(calls()).toBe(3)
    enabled.value = false
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(calls()).toBe(3)
  })

  it('pauses while the tab is hidden and refreshes at once when it comes back', async () => {
    const { wrapper, calls } = mountLive()
    setVisibility('hidden')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(calls()).toBe(0)
    await wrapper.vm.$nextTick()
    expect(wrapper.text()).toBe('hidden')
    setVisibility('visible')
    await vi.advanceTimersByTimeAsync(0)
    expect(calls()).toBe(1)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(calls()).toBe(2)
  })

  it('does nothing when off, and nothing after unmount', async () => {
    const off = mountLive(false)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(off.calls()).toBe(0)
    const on = mountLive()
    on.wrapper.unmount()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(on.calls()).toBe(0)
  })
})
