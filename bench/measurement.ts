import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import autocannon from 'autocannon'

/** One route to load, served by `child`; `headers` are fetched before each measurement. */
export interface Target {
  name: string
  url: string
  child: ChildProcess
  headers?: (seconds: number) => Promise<Record<string, string>>
}

/** Load settings shared by every measurement of a run. */
export interface LoadOptions {
  duration: number
  connections: number
  warmup: number
  rounds: number
}

/** Latency percentiles of a run, in milliseconds. */
export interface Latency {
  p50: number
  p99: number
  /** p99 over p50. */
  spread: number
}

/** The medians of one target over the rounds. */
export interface Row extends Target {
  rps: number
  cpu?: number
  latency: Latency
  problems: number
  measured: Array<{ result: autocannon.Result; latency: Latency; cpuPerRequest?: number }>
}

/** The nearest-rank percentiles of response times (sorted in place). */
export const percentiles = (times: Float64Array): Latency => {
  times.sort()
  const at = (q: number) => (times.length === 0 ? 0 : times[Math.ceil(q * times.length) - 1]!)
  const [p50, p99] = [at(0.5), at(0.99)]
  return { p50, p99, spread: p50 > 0 ? p99 / p50 : 0 }
}

/**
 * One autocannon run against `url`. Latency comes from every 2xx response's own time:
 * autocannon's histogram keeps whole milliseconds, so at a 3.9 ms median it reports 3, and the
 * p99/p50 ratio of a route answered in a few ms is off by up to a third.
 */
export const measure = async (
  url: string,
  seconds: number,
  conns: number,
  headers: Record<string, string> = {},
) => {
  let times = new Float64Array(1 << 16)
  let count = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      { url, connections: conns, duration: seconds, pipelining: 1, headers },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    run.on('response', (_client, status, _bytes, ms) => {
      if (status < 200 || status > 299) return
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2)
        grown.set(times)
        times = grown
      }
      times[count++] = ms
    })
  })
  return { result, latency: percentiles(times.subarray(0, count)) }
}

/**
 * CPU seconds (user + system, all threads) a process has used, from `/proc/<pid>/stat`; undefined
 * where there is no `/proc`. Fields 14 and 15 count clock ticks, 100 per second on Linux.
 */
export const cpuSeconds = (pid: number | undefined): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/**
 * CPU seconds every PostgreSQL process on this machine has used (the server's backends included),
 * from `/proc`; undefined where there is no `/proc`. Backends that exit between two readings take
 * their time with them, so compare readings around a load whose connections stay open.
 */
export const postgresCpuSeconds = (): number | undefined => {
  try {
    let total = 0
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const close = stat.lastIndexOf(') ')
        if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue
        const fields = stat.slice(close + 2).split(' ')
        total += (Number(fields[11]) + Number(fields[12])) / 100
      } catch {
        // the process ended while we read
      }
    }
    return total
  } catch {
    return undefined
  }
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Warms every target, then measures them in turn, round after round, so drift on a shared
 * machine hits every target alike; returns the medians.
 */
export const runRounds = async (targets: Target[], options: LoadOptions): Promise<Row[]> => {
  const { duration, connections, warmup, rounds } = options
  const runs = targets.map(() => [] as Row['measured'])
  for (const target of targets) {
    if (warmup > 0)
      await measure(target.url, warmup, Math.min(connections, 10), await target.headers?.(warmup))
  }
  for (let round = 1; round <= rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const headers = await target.headers?.(duration)
      const cpuBefore = cpuSeconds(target.child.pid)
      const { result, latency } = await measure(target.url, duration, connections, headers)
      const cpuAfter = cpuSeconds(target.child.pid)
      const cpuPerRequest =
        cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
          ? undefined
          : ((cpuAfter - cpuBefore) * 1e6) / result.requests.total
      runs[index]!.push({ result, latency, cpuPerRequest })
      process.stdout.write(
        `  round ${round}: ${target.name}: ${Math.round(result.requests.average)} req/s${cpuPerRequest === undefined ? '' : `, ${cpuPerRequest.toFixed(1)} µs CPU per request`}\n`,
      )
    }
  }
  return targets.map((target, index) => {
    const measured = runs[index]!
    const rps = median(measured.map((m) => m.result.requests.average))
    // Latency of the round whose throughput is closest to the median.
    const typical = measured.reduce((best, m) =>
      Math.abs(m.result.requests.average - rps) < Math.abs(best.result.requests.average - rps)
        ? m
        : best,
    )
    const cpu = measured.every((m) => m.cpuPerRequest !== undefined)
      ? median(measured.map((m) => m.cpuPerRequest!))
      : undefined
    const problems = measured.reduce(
      (sum, m) => sum + m.result.errors + m.result.timeouts + m.result.non2xx,
      0,
    )
    return { ...target, rps, cpu, latency: typical.latency, measured, problems }
  })
}
