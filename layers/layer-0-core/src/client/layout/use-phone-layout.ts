import { onBeforeUnmount, ref, type Ref } from 'vue'

/**
 * Where the app shell folds: below 48rem the sidebar and most header parts move behind the menu
 * button. Media queries cannot read CSS variables, so the width is written here and in the
 * shell's styles.
 */
export const PHONE_QUERY = '(max-width: 48rem)'

/** Whether the window is phone-narrow now, following resizes until the component unmounts. */
export function usePhoneLayout(): Readonly<Ref<boolean>> {
  const query = typeof window !== 'undefined' ? window.matchMedia?.(PHONE_QUERY) : undefined
  const phone = ref(query?.matches ?? false)
  const update = (event: MediaQueryListEvent) => (phone.value = event.matches)
  query?.addEventListener('change', update)
  onBeforeUnmount(() => query?.removeEventListener('change', update))
  return phone
}
