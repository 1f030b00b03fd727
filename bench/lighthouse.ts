import { spawn } from 'node:child_process'
import path from 'node:path'

const LIGHTHOUSE = path.resolve(import.meta.dirname, '../node_modules/.bin/lighthouse')

/** What the bench prints of a Lighthouse run (scores 0–100, times in ms, bytes). */
export interface LighthouseScores {
  performance: number
  accessibility: number
  bestPractices: number
  fcpMs: number
  lcpMs: number
  tbtMs: number
  cls: number
  unusedJsBytes: number
  /** Audits of the three categories that did not pass, by id. */
  failing: string[]
}

interface Report {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>
  audits: Record<
    string,
    {
      score: number | null
      numericValue?: number
      scoreDisplayMode: string
      details?: { overallSavingsBytes?: number }
    }
  >
}

/**
 * Runs Lighthouse 12 (mobile, its default: simulated slow 4G and a 4× slower CPU) on `url` with
 * Debian's Chromium, headless, for performance, accessibility and best practices.
 */
export function runLighthouse(url: string, chromePath: string): Promise<LighthouseScores> {
  const args = [
    url,
    '--output=json',
    '--output-path=stdout',
    '--quiet',
    '--only-categories=performance,accessibility,best-practices',
    '--chrome-flags=--headless --no-sandbox --disable-gpu',
  ]
  return new Promise((resolve, reject) => {
    const child = spawn(LIGHTHOUSE, args, {
      env: { ...process.env, CHROME_PATH: chromePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`lighthouse exited with ${code}: ${err.slice(-2000)}`))
      const report = JSON.parse(out) as Report
      const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100)
      const value = (id: string) => report.audits[id]?.numericValue ?? Number.NaN
      const failing = Object.values(report.categories)
        .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0))
        .map((ref) => ref.id)
        .filter((id) => {
          const audit = report.audits[id]
          return audit?.scoreDisplayMode !== 'notApplicable' && (audit?.score ?? 1) < 0.9
        })
      resolve({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        fcpMs: value('first-contentful-paint'),
        lcpMs: value('largest-contentful-paint'),
        tbtMs: value('total-blocking-time'),
        cls: value('cumulative-layout-shift'),
        unusedJsBytes: report.audits['unused-javascript']?.details?.overallSavingsBytes ?? 0,
        failing: [...new Set(failing)],
      })
    })
  })
}
