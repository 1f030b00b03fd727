import type { AppI18n } from '@stratum/layer-core/client'
import { watch } from 'vue'
import type { WordingMarkers } from './wording-markers.ts'
import { useWordingStore } from './wording-store.ts'
import type { Pinia } from 'pinia'

/** Elements whose clicks never open the editor (the editor itself, the toggle). */
export const WORDING_IGNORE_ATTRIBUTE = 'data-wording-ignore'

const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'value'] as const

/** The marked key under a click: the text node at the point, else the element's text or labels. */
export function keyAtClick(event: MouseEvent, markers: WordingMarkers): string | undefined {
  const element = event.target instanceof Element ? event.target : undefined
  if (!element || element.closest(`[${WORDING_IGNORE_ATTRIBUTE}]`)) return undefined
  const doc = element.ownerDocument
  const range =
    typeof doc.caretRangeFromPoint === 'function'
      ? doc.caretRangeFromPoint(event.clientX, event.clientY)
      : null
  const node = range?.startContainer
  if (node?.nodeType === 3 && element.contains(node)) {
    const key = markers.keyAt(node.textContent ?? '', range!.startOffset)
    if (key) return key
  }
  const [own] = markers.keysIn(element.textContent ?? '')
  if (own) return own
  for (const name of ATTRIBUTES) {
    const [key] = markers.keysIn(element.getAttribute(name) ?? '')
    if (key) return key
  }
  return undefined
}

/**
 * While the wording store's `editing` is on, every translated string carries an invisible
 * marker of its key (vue-i18n's `postTranslation`), and a click on marked text (capture phase,
 * before links and buttons act) opens the editor for that key instead. Works on any page: it
 * needs nothing from the components. Turning it off removes both and re-renders clean text.
 */
export function followInContextEditing(
  i18n: AppI18n,
  pinia: Pinia,
  markers: WordingMarkers,
  root: Document = document,
): () => void {
  const wording = useWordingStore(pinia)
  const global = i18n.global

  function onClick(event: MouseEvent) {
    const key = keyAtClick(event, markers)
    if (!key) return
    event.preventDefault()
    event.stopPropagation()
    wording.open({ key, locale: global.locale.value })
  }

  // vue-i18n re-renders when its fallbacks change: a copy makes every `t()` run again.
  const rerender = () => {
    const fallbacks = global.fallbackLocale.value
    global.fallbackLocale.value =
      fallbacks && typeof fallbacks === 'object'
        ? Array.isArray(fallbacks)
          ? [...fallbacks]
          : { ...fallbacks }
        : fallbacks
  }

  return watch(
    () => wording.editing,
    (on, was) => {
      if (on) {
        global.setPostTranslationHandler((text, key) =>
          typeof text === 'string' ? markers.mark(text, key) : text,
        )
        root.addEventListener('click', onClick, true)
      } else {
        global.setPostTranslationHandler(null)
        root.removeEventListener('click', onClick, true)
      }
      if (on || was) rerender()
    },
    { immediate: true },
  )
}
