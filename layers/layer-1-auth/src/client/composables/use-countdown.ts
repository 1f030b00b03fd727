import { computed, onScopeDispose, ref, watch, type ComputedRef, type Ref } from 'vue'

/**
 * Whole seconds left until `until` (epoch ms), ticking once a second while above zero; `0`
 * when `until` is unset or past.
 */
export function useCountdown(until: Ref<number | undefined>): ComputedRef<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  const left = computed(() =>
    until.value === undefined ? 0 : Math.max(0, Math.ceil((until.value - now.value) / 1000)),
  )
  watch(
    until,
    () => {
      now.value = Date.now()
      if (left.value > 0 && timer === undefined) {
        timer = setInterval(() => {
          now.value = Date.now()
          if (left.value === 0) stop()
        }, 1000)
      }
    },
    { immediate: true },
  )
  onScopeDispose(stop)
  return left
}
