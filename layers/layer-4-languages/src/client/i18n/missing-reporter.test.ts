import { createAppI18n, installLayerMessages } from '@stratum/layer-core/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMissingReporter, type MissingKey } from './missing-reporter.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function recorder() {
  const batches: MissingKey[][] = []
  const reporter = createMissingReporter({
    send: async (items) => void batches.push(items),
  })
  return { batches, reporter }
}

describe('missing key reporter', () => {
  it('sends keys once, 2 s after the first, split into namespace and key', async () => {
    const { batches, reporter } = recorder()
    reporter.report('pt-BR', 'auth.login.title')
    reporter.report('pt-BR', 'auth.login.title')
    reporter.report('es-ES', 'auth.login.title')
    await vi.advanceTimersByTimeAsync(1999)
    expect(batches).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(batches).toEqual([
      [
        { locale: 'pt-BR', namespace: 'auth', key: 'login.title' },
        { locale: 'es-ES', namespace: 'auth', key: 'login.title' },
      ],
    ])
    // Seen once in this page's life: not reported again.
    reporter.report('pt-BR', 'auth.login.title')
    await vi.advanceTimersByTimeAsync(5000)
    expect(batches).toHaveLength(1)
  })

  it('sends a batch at once when 20 keys are waiting', async () => {
    const { batches, reporter } = recorder()
    for (let i = 0; i < 25; i++) reporter.report('pt-BR', `core.key${i}`)
    await vi.advanceTimersByTimeAsync(0)
    expect(batches.map((b) => b.length)).toEqual([20])
    await vi.advanceTimersByTimeAsync(2000)
    expect(batches.map((b) => b.length)).toEqual([20, 5])
  })

  it('ignores text that is not a namespace.key and stops at the page limit', async () => {
    const batches: MissingKey[][] = []
    const reporter = createMissingReporter({
      send: async (items) => void batches.push(items),
      maxTotal: 3,
    })
    reporter.report('pt-BR', 'Hello there')
    reporter.report('pt-BR', 'single')
    for (let i = 0; i < 10; i++) reporter.report('pt-BR', `core.k${i}`)
    await reporter.flush()
    expect(batches.flat().map((k) => k.key)).toEqual(['k0', 'k1', 'k2'])
  })

  it('keeps working after a failed send (reports are hints)', async () => {
    let calls = 0
    const reporter = createMissingReporter({
      send: async () => {
        calls += 1
        throw new Error('offline')
      },
    })
    reporter.report('pt-BR', 'core.a')
    await expect(reporter.flush()).resolves.toBeUndefined()
    reporter.report('pt-BR', 'core.b')
    await reporter.flush()
    expect(calls).toBe(2)
    expect(reporter.pending).toBe(0)
  })

  it("hears vue-i18n's missing handler: a key pt-BR lacks is reported for pt-BR", async () => {
    const { batches, reporter } = recorder()
    const i18n = createAppI18n('pt-BR')
    installLayerMessages(i18n, 'demo', {
      'en-US': { greeting: 'Hello', farewell: 'Goodbye' },
      'pt-BR': { greeting: 'Olá' },
    })
    i18n.global.setMissingHandler((locale, key, _instance, type) => {
      if (type === 'translate') reporter.report(locale, key)
    })
    expect(i18n.global.t('demo.greeting')).toBe('Olá')
    expect(i18n.global.t('demo.farewell')).toBe('Goodbye')
    expect(i18n.global.t('demo.farewell')).toBe('Goodbye')
    await reporter.flush()
    expect(batches.flat()).toEqual([{ locale: 'pt-BR', namespace: 'demo', key: 'farewell' }])
  })
})
