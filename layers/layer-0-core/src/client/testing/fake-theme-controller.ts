import { ref } from 'vue'
import type { ThemeController } from '../theme/theme-controller.ts'

/** A {@link ThemeController} for tests: records what layers ask for and applies nothing. */
export interface FakeThemeController extends ThemeController {
  /** `tenant:<name>` and `preview:<name>` (`-` for `undefined`), in call order. */
  readonly calls: string[]
}

/**
 * A theme controller without a host behind it: a preview shows in `previewing` and `active`,
 * the tenant's theme in `active` when no preview is on.
 * @default available ['base', 'client-a', 'client-b']
 */
export function fakeThemeController(
  available: readonly string[] = ['base', 'client-a', 'client-b'],
): FakeThemeController {
  const calls: string[] = []
  const previewing = ref<string>()
  const tenant = ref<string>()
  const active = ref('base')
  const show = () => (active.value = previewing.value ?? tenant.value ?? 'base')
  return {
    calls,
    active,
    previewing,
    available,
    async setTenantTheme(name) {
      calls.push(`tenant:${name ?? '-'}`)
      tenant.value = name
      show()
    },
    async preview(name) {
      calls.push(`preview:${name ?? '-'}`)
      previewing.value = name
      show()
    },
  }
}
