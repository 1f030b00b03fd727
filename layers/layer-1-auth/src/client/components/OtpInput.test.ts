import { installLayerMessages } from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { enUS } from '../messages/en-US.ts'
import { ptBR } from '../messages/pt-BR.ts'
import OtpInput from './OtpInput.vue'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function mountOtp(locale: 'en-US' | 'pt-BR' = 'en-US') {
  const { pinia, i18n } = coreTestPlugins(locale)
  // Both locales at once (the app loads pt-BR lazily), so the test can mount right away.
  void installLayerMessages(i18n, 'auth', { 'en-US': enUS, 'pt-BR': ptBR })
  const code = ref('')
  const completed: string[] = []
  const Host = defineComponent(
    () => () =>
      h(OtpInput, {
        label: 'Sign-in code',
        modelValue: code.value,
        'onUpdate:modelValue': (value: string) => (code.value = value),
        onComplete: (value: string) => completed.push(value),
      }),
  )
  wrapper = mount(Host, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  const boxes = () => wrapper!.findAll('input').map((w) => w.element as HTMLInputElement)
  return { code, completed, boxes }
}

function paste(target: HTMLInputElement, text: string) {
  const data = new DataTransfer()
  data.setData('text/plain', text)
  const event = new ClipboardEvent('paste', {
    clipboardData: data,
    bubbles: true,
    cancelable: true,
  })
  target.dispatchEvent(event)
  return event
}

function type(target: HTMLInputElement, digit: string) {
  target.value = digit
  target.dispatchEvent(new InputEvent('input', { data: digit, inputType: 'insertText' }))
}

describe('OtpInput', () => {
  it('is six labelled numeric boxes in a named group, the first offering one-time-code autofill', () => {
    const { boxes } = mountOtp()
    expect(boxes()).toHaveLength(6)
    expect(wrapper!.get('fieldset legend').text()).toBe('Sign-in code')
    expect(boxes().map((b) => b.getAttribute('aria-label'))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `Digit ${n} of 6`),
    )
    expect(boxes().every((b) => b.getAttribute('inputmode') === 'numeric')).toBe(true)
    expect(boxes().map((b) => b.getAttribute('autocomplete'))).toEqual([
      'one-time-code',
      'off',
      'off',
      'off',
      'off',
      'off',
    ])
  })

  it('labels the boxes in the user’s language', () => {
    const { boxes } = mountOtp('pt-BR')
    expect(boxes()[2]!.getAttribute('aria-label')).toBe('Dígito 3 de 6')
  })

  it('fills all six boxes from one paste, whichever box has focus, and completes', async () => {
    const { boxes, code, completed } = mountOtp()
    const event = paste(boxes()[3]!, ' 123 456\n')
    await wrapper!.vm.$nextTick()
    expect(event.defaultPrevented).toBe(true)
    expect(boxes().map((b) => b.value)).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(code.value).toBe('123456')
    expect(completed).toEqual(['123456'])
    expect(document.activeElement).toBe(boxes()[5])
  })

  it('spreads a whole code autofilled into the first box', async () => {
    const { boxes, code } = mountOtp()
    boxes()[0]!.value = '654321'
    boxes()[0]!.dispatchEvent(new InputEvent('input', { inputType: 'insertReplacementText' }))
    await wrapper!.vm.$nextTick()
    expect(boxes().map((b) => b.value)).toEqual(['6', '5', '4', '3', '2', '1'])
    expect(code.value).toBe('654321')
  })

  it('moves on after each typed digit, ignores letters and steps back on Backspace', async () => {
    const { boxes, code, completed } = mountOtp()
    boxes()[0]!.focus()
    type(boxes()[0]!, '4')
    expect(document.activeElement).toBe(boxes()[1])
    type(boxes()[1]!, 'x')
    expect(boxes()[1]!.value).toBe('')
    expect(document.activeElement).toBe(boxes()[1])
    boxes()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Backspace', cancelable: true }))
    await wrapper!.vm.$nextTick()
    expect(document.activeElement).toBe(boxes()[0])
    expect(code.value).toBe('')
    for (const [i, digit] of [...'987654'].entries()) type(boxes()[i]!, digit)
    expect(code.value).toBe('987654')
    expect(completed).toEqual(['987654'])
  })

  it('empties the boxes when the code is reset from outside', async () => {
    const { boxes, code } = mountOtp()
    paste(boxes()[0]!, '123456')
    await wrapper!.vm.$nextTick()
    code.value = ''
    await wrapper!.vm.$nextTick()
    expect(boxes().map((b) => b.value)).toEqual(['', '', '', '', '', ''])
  })
})
