import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'

/** Options of {@link useLiveRefresh}. */
export interface LiveRefreshOptions {
  /** @default 5000 */
  intervalMs?: number
  /** @default document */
  document?: Document
}

/**
 * Calls `refresh` every `intervalMs` while `enabled` is on and the tab is visible; a hidden tab
 * pauses it (nothing is fetched for nobody) and showing the tab again refreshes at once. A
 * refresh still running is not started twice.
 */
export function useLiveRefresh(
  enabled: Ref<boolean>,
  refresh: () => Promise<unknown>,
  options: LiveRefreshOptions = {},
) {
  const intervalMs = options.intervalMs ?? 5_000
  const doc = options.document ?? document
  const hidden = ref(doc.visibilityState === 'hidden')
  let timer: ReturnType<typeof setInterval> | undefined
  let running = false

  const tick = async () => {
    if (running) return
    running = true
    try {
      await refresh()
    } catch {
      // The page shows its own error state; the next tick tries again.
    } finally {
      running = false
    }
  }
  const stop = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  const sync = () => {
    stop()
    if (enabled.value && !hidden.value) timer = setInterval(() => void tick(), intervalMs)
  }
  const onVisibility = () => {
    const wasHidden = hidden.value
    hidden.value = doc.visibilityState === 'hidden'
    sync()
    if (wasHidden && !hidden.value && enabled.value) void tick()
  }

  watch(enabled, sync)
  onMounted(() => {
    doc.addEventListener('visibilitychange', onVisibility)
    sync()
  })
  onBeforeUnmount(() => {
    doc.removeEventListener('visibilitychange', onVisibility)
    stop()
  })
  return { hidden }
}
