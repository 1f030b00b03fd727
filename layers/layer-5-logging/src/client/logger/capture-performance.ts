import type { BrowserLogger } from './browser-logger.ts'

/** Web Vitals as measured so far; see {@link capturePerformance}. */
export interface WebVitals {
  /** Largest Contentful Paint, ms. */
  lcp?: number
  /** Cumulative Layout Shift: the worst session window (shifts ≤ 1 s apart, ≤ 5 s long). */
  cls?: number
  /** Interaction to Next Paint, ms: the slowest interaction (one in fifty skipped, as the p98). */
  inp?: number
}

const observe = (type: string, onEntries: (entries: PerformanceEntryList) => void) => {
  if (!globalThis.PerformanceObserver?.supportedEntryTypes?.includes(type)) return undefined
  const observer = new PerformanceObserver((list) => onEntries(list.getEntries()))
  observer.observe({ type, buffered: true, ...(type === 'event' ? { durationThreshold: 40 } : {}) })
  return observer
}

interface LayoutShift extends PerformanceEntry {
  value: number
  hadRecentInput: boolean
}
interface EventTiming extends PerformanceEntry {
  interactionId?: number
}

/**
 * Navigation Timing (once the page has loaded), a Resource Timing summary, and LCP, CLS and INP
 * from `PerformanceObserver` (no library: the three fit in a screen). `report()` logs the vitals
 * once, on the first page hide. Returns `report` and the function that stops observing.
 */
export function capturePerformance(logger: BrowserLogger): { report(): void; stop(): void } {
  const vitals: WebVitals = {}
  let windowValue = 0
  let windowStart = 0
  let lastShift = 0
  const durations = new Map<number, number>()
  const observers = [
    observe('largest-contentful-paint', (entries) => {
      const last = entries.at(-1)
      if (last) vitals.lcp = Math.round(last.startTime)
    }),
    observe('layout-shift', (entries) => {
      for (const entry of entries as LayoutShift[]) {
        if (entry.hadRecentInput) continue
        const t = entry.startTime
        if (t - lastShift > 1_000 || t - windowStart > 5_000) {
          windowValue = 0
          windowStart = t
        }
        windowValue += entry.value
        lastShift = t
        vitals.cls = Math.max(vitals.cls ?? 0, Number(windowValue.toFixed(4)))
      }
    }),
    observe('event', (entries) => {
      for (const entry of entries as EventTiming[]) {
        if (!entry.interactionId) continue
        durations.set(
          entry.interactionId,
          Math.max(durations.get(entry.interactionId) ?? 0, entry.duration),
        )
      }
      const sorted = [...durations.values()].sort((a, b) => b - a)
      vitals.inp = Math.round(sorted[Math.floor(sorted.length / 50)] ?? 0)
    }),
  ]

  const loaded = () => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    if (nav)
      logger.info('Navigation timing', {
        durationMs: nav.duration,
        context: {
          kind: 'navigation',
          type: nav.type,
          ttfbMs: Math.round(nav.responseStart - nav.startTime),
          domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd - nav.startTime),
          loadMs: Math.round(nav.loadEventEnd - nav.startTime),
          transferBytes: nav.transferSize,
          resources: resources.length,
          resourceBytes: resources.reduce((sum, r) => sum + (r.transferSize || 0), 0),
          slowest: [...resources]
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 3)
            .map((r) => ({ path: pathOf(r.name), ms: Math.round(r.duration) })),
        },
      })
  }
  // After `load` the load event's end is known; a logger installed later reads it at once.
  if (document.readyState === 'complete') setTimeout(loaded, 0)
  else window.addEventListener('load', () => setTimeout(loaded, 0), { once: true })

  let reported = false
  return {
    report() {
      if (reported || Object.keys(vitals).length === 0) return
      reported = true
      logger.info('Web vitals', { context: { kind: 'vitals', ...vitals } })
    },
    stop: () => observers.forEach((o) => o?.disconnect()),
  }
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname
  } catch {
    return url.slice(0, 100)
  }
}
