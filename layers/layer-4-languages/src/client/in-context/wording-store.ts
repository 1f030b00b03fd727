import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

/** The key a click picked, in the locale shown then. */
export interface WordingTarget {
  readonly locale: string
  /** `namespace.dotted.key`. */
  readonly key: string
}

/** "Edit wording" mode and the key whose editor is open. */
export const useWordingStore = defineStore('languages.wording', () => {
  const editing = ref(false)
  const target = shallowRef<WordingTarget>()
  function setEditing(on: boolean) {
    editing.value = on
    if (!on) target.value = undefined
  }
  function open(next: WordingTarget) {
    target.value = next
  }
  function close() {
    target.value = undefined
  }
  return { editing, target, setEditing, open, close }
})
