import type autocannon from 'autocannon'
import type { Row } from './measurement.ts'
import type { WireCounts } from './wire-counter.ts'

/** Prints the table of one profile; the first row is the bare baseline. */
export const printTable = (title: string, rows: Row[]) => {
  const baseline = rows[0]!
  console.log('')
  console.log(title)
  console.log(
    [
      'route'.padEnd(34),
      'req/s'.padStart(9),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'p99/p50'.padStart(8),
      'vs bare'.padStart(8),
      'CPU µs/req'.padStart(11),
      'bare/this'.padStart(10),
      'errors'.padStart(7),
    ].join(' '),
  )
  for (const row of rows) {
    console.log(
      [
        row.name.padEnd(34),
        Math.round(row.rps).toString().padStart(9),
        row.latency.p50.toFixed(2).padStart(8),
        row.latency.p99.toFixed(2).padStart(8),
        row.latency.spread.toFixed(2).padStart(8),
        (row.rps / baseline.rps).toFixed(row.rps / baseline.rps < 0.1 ? 3 : 2).padStart(8),
        (row.cpu === undefined ? 'n/a' : row.cpu.toFixed(1)).padStart(11),
        (row.cpu === undefined || baseline.cpu === undefined
          ? 'n/a'
          : (baseline.cpu / row.cpu).toFixed(baseline.cpu / row.cpu < 0.1 ? 3 : 2)
        ).padStart(10),
        String(row.problems).padStart(7),
      ].join(' '),
    )
  }
}

/** Explains the columns once, after the tables. */
export const printLegend = () => {
  console.log('')
  console.log(
    'req/s: median of the rounds. Latency: of the round with the median req/s, from every 2xx',
  )
  console.log(
    'response\'s own time (not autocannon\'s whole-millisecond histogram). "vs bare": requests/s',
  )
  console.log("over the baseline's.")
  console.log(
    'CPU µs/req: the server process\'s user + system CPU time per request (median); "bare/this"',
  )
  console.log(
    "is the baseline's CPU cost over this route's, the same ratio with the load generator's share",
  )
  console.log('of the machine taken out.')
}

/** What one route sent to PostgreSQL and Redis in a counting pass. */
export interface RouteCounts {
  name: string
  requests: number
  postgres: WireCounts
  redis: WireCounts
}

const perRequest = (n: number, requests: number) => (n / requests).toFixed(2)

/** Prints statements and commands per request, with the kinds that make them up. */
export const printCounts = (counted: RouteCounts[]) => {
  for (const { name, requests, postgres, redis } of counted) {
    console.log('')
    console.log(
      `${name}: per request, over ${requests} requests of the counting pass: ` +
        `${perRequest(postgres.total, requests)} PostgreSQL queries ('Q' or 'E') ` +
        `(${perRequest(postgres.roundTrips, requests)} round trips), ` +
        `${perRequest(redis.total, requests)} Redis commands`,
    )
    const kinds = [
      ...[...postgres.byKind].map(([kind, n]) => ['pg', kind, n] as const),
      ...[...redis.byKind].map(([kind, n]) => ['redis', kind, n] as const),
    ].filter(([, , n]) => n / requests >= 0.005)
    for (const [where, kind, n] of kinds)
      console.log(`  ${perRequest(n, requests).padStart(6)}  ${where.padEnd(5)} ${kind}`)
  }
}

/** Non-2xx, errors and timeouts summed over a row's rounds. */
export const describeProblems = (name: string, results: autocannon.Result[]) => {
  const sum = (pick: (r: autocannon.Result) => number) =>
    results.reduce((total, r) => total + pick(r), 0)
  return `${name}: ${sum((r) => r.errors)} errors, ${sum((r) => r.timeouts)} timeouts, ${sum((r) => r.non2xx)} non-2xx responses`
}
