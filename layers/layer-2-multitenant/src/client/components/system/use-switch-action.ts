import { isApiError } from '@stratum/layer-core/client'
import { ref } from 'vue'

/**
 * Runs one switch request at a time for a part of the System console: `busy` while it runs,
 * `refusal` with the server's sentence when it fails (a refused switch answers 409
 * `LAYER_SWITCH_REFUSED` whose `error` is the registry's sentence, shown as it came), `saved`
 * after it worked, then `done`.
 */
export function useSwitchAction(done: () => void) {
  const busy = ref(false)
  const refusal = ref<string>()
  const saved = ref(false)

  async function run(request: () => Promise<unknown>): Promise<boolean> {
    busy.value = true
    refusal.value = undefined
    saved.value = false
    try {
      await request()
      saved.value = true
      done()
      return true
    } catch (error) {
      refusal.value = isApiError(error) || error instanceof Error ? error.message : String(error)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, refusal, saved, run }
}
