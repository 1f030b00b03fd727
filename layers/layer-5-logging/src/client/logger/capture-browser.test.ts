import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserLogEntry } from '../../shared/ingest-schemas.ts'
import { createBrowserLogger, type LogTransport } from './browser-logger.ts'
import { captureBrowser } from './capture-browser.ts'

let sent: BrowserLogEntry[][]
let beaconed: BrowserLogEntry[][]
let undo: (() => void) | undefined
const transport: LogTransport = {
  send: (entries) => (sent.push([...entries]), Promise.resolve()),
  beacon: (entries) => (beaconed.push([...entries]), true),
}

beforeEach(() => {
  sent = []
  beaconed = []
  document.body.innerHTML = ''
})
afterEach(() => {
  undo?.()
  vi.useRealTimers()
})

const setup = (options: Parameters<typeof captureBrowser>[1] = {}) => {
  const logger = createBrowserLogger({ transport, location: () => window.location.pathname })
  undo = captureBrowser(logger, { console: false, ...options })
  return logger
}

describe('captureBrowser', () => {
  it('sends an uncaught error at once, with its stack and the clicks before it', async () => {
    const logger = setup()
    document.body.innerHTML =
      '<button type="button" id="save">Save client</button><input id="email" aria-label="Email address">'
    const input = document.querySelector('input')!
    input.value = 'secret@example.com'
    document.querySelector('button')!.click()
    input.click()
    const error = new Error('boom')
    window.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught Error: boom', error }))
    await logger.flush()
    const [entry] = sent.flat()
    expect(entry).toMatchObject({ level: 'ERROR', message: 'Uncaught Error: boom' })
    expect(entry!.stackTrace).toContain('boom')
    expect(entry!.breadcrumbs!.map((c) => `${c.kind} ${c.text}`)).toEqual([
      'click button "Save client"',
      'click textbox "Email address"',
    ])
    expect(JSON.stringify(sent)).not.toContain('secret@example.com')
  })

  it("ignores the browser's benign ResizeObserver notice", async () => {
    const logger = setup()
    window.dispatchEvent(
      new ErrorEvent('error', {
        message: 'ResizeObserver loop completed with undelivered notifications.',
      }),
    )
    await logger.flush()
    expect(sent).toEqual([])
  })

  it('logs unhandled rejections', async () => {
    const logger = setup()
    const event = new Event('unhandledrejection') as PromiseRejectionEvent
    Object.defineProperty(event, 'reason', { value: new TypeError('nope') })
    window.dispatchEvent(event)
    await logger.flush()
    expect(sent.flat()[0]).toMatchObject({
      level: 'ERROR',
      message: 'Unhandled rejection: TypeError: nope',
    })
  })

  it('records form submits and searches by name, never by their values', () => {
    const logger = setup()
    document.body.innerHTML =
      '<form aria-label="Filter the logs"><label for="q">Text</label><input id="q" type="search" name="q"></form>'
    const search = document.querySelector('input')!
    search.value = 'private words'
    search.dispatchEvent(new Event('change', { bubbles: true }))
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }))
    const crumbs = logger.breadcrumbs.last()
    expect(crumbs.map((c) => `${c.kind} ${c.text}`)).toEqual([
      'search searchbox "Text"',
      'submit form "Filter the logs"',
    ])
    expect(JSON.stringify(crumbs)).not.toContain('private')
  })

  it('hands what is queued to sendBeacon on pagehide, after the last words of beforeHide', () => {
    const logger = setup({ beforeHide: () => logger.info('Web vitals') })
    logger.info('page view')
    window.dispatchEvent(new Event('pagehide'))
    expect(beaconed.map((b) => b.map((e) => e.message))).toEqual([['page view', 'Web vitals']])
    expect(logger.pending).toBe(0)
  })

  it('copies console errors into the log when asked (production), and restores the console', async () => {
    const original = console.error
    const printed: unknown[] = []
    console.error = (...args: unknown[]) => printed.push(args)
    const logger = setup({ console: true })
    console.error('Failed', 42)
    await logger.flush()
    expect(sent.flat()[0]).toMatchObject({ level: 'ERROR', message: 'Failed 42' })
    expect(printed).toHaveLength(1)
    undo?.()
    undo = undefined
    console.error('after')
    expect(sent.flat()).toHaveLength(1)
    console.error = original
  })

  it('stops listening once undone', async () => {
    const logger = setup()
    undo?.()
    undo = undefined
    window.dispatchEvent(new ErrorEvent('error', { message: 'late' }))
    await logger.flush()
    expect(sent).toEqual([])
  })
})
