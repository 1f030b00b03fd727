import { createApiClient } from '@stratum/layer-core/client'
import { afterEach, describe, expect, it } from 'vitest'
import { logErrorBodySchema } from '../shared/ingest-schemas.ts'
import { early, MAX_EARLY_ERRORS, stopEarlyCapture } from './early.ts'

const sent: { url: string; body: unknown }[] = []
const api = createApiClient({
  baseUrl: 'http://127.0.0.1:1',
  fetch: async (input, init) => {
    sent.push({ url: String(input), body: JSON.parse(String(init?.body)) })
    return new Response(JSON.stringify({ accepted: 1 }), {
      status: 202,
      headers: { 'content-type': 'application/json' },
    })
  },
})
const settle = () => new Promise((resolve) => setTimeout(resolve, 10))
const throwOnPage = (message: string) =>
  window.dispatchEvent(new ErrorEvent('error', { message, error: new Error(message) }))

afterEach(() => {
  stopEarlyCapture()
  sent.length = 0
})

describe('the logging layer’s early hook', () => {
  it('sends each uncaught error and unhandled rejection at once, in the ingestion shape', async () => {
    early({ prefix: '/api/logs', api })
    throwOnPage('early boom')
    const rejection = new Event('unhandledrejection') as PromiseRejectionEvent
    Object.assign(rejection, { reason: new Error('no answer') })
    window.dispatchEvent(rejection)
    await settle()
    expect(sent.map((s) => s.url)).toEqual([
      'http://127.0.0.1:1/api/logs/error',
      'http://127.0.0.1:1/api/logs/error',
    ])
    const [first, second] = sent.map((s) => logErrorBodySchema.parse(s.body))
    expect(first!.entry).toMatchObject({ level: 'ERROR', message: 'early boom' })
    expect(first!.entry.stackTrace).toContain('early boom')
    expect(second!.entry.message).toBe('Unhandled rejection: no answer')
    expect(first!.sessionId).toBe(second!.sessionId)
  })

  it(`stops after ${MAX_EARLY_ERRORS} errors on one page, and when the logger takes over`, async () => {
    early({ prefix: '/api/logs', api })
    for (let i = 0; i < MAX_EARLY_ERRORS + 5; i++) throwOnPage(`loop ${i}`)
    await settle()
    expect(sent).toHaveLength(MAX_EARLY_ERRORS)
    stopEarlyCapture()
    early({ prefix: '/api/logs', api })
    stopEarlyCapture()
    throwOnPage('after the handover')
    await settle()
    expect(sent).toHaveLength(MAX_EARLY_ERRORS)
  })
})
