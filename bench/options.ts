import { parseArgs } from 'node:util'
import { PROFILES, type Profile } from './profiles.ts'

/** What a run measures: the server under load, and the login page's JavaScript and Lighthouse. */
export const STEPS = ['server', 'login-page'] as const
export type Step = (typeof STEPS)[number]

/**
 * `pnpm bench` options. The defaults keep a run on a 2-core machine to about four minutes:
 * embedded 5 targets and PostgreSQL 2 targets, 3 rounds of 8 s each, plus warm-ups, seeding and
 * a counting pass of 2000 requests per counted route.
 */
export const readOptions = () => {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '8' },
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      count: { type: 'string', default: '2000' },
      profiles: { type: 'string', default: PROFILES.join(',') },
      steps: { type: 'string', default: STEPS.join(',') },
    },
  })
  const [duration, connections, warmup, rounds, countRequests] = [
    values.duration,
    values.connections,
    values.warmup,
    values.rounds,
    values.count,
  ].map(Number) as [number, number, number, number, number]
  if (
    ![duration, connections, warmup, rounds, countRequests].every(
      (n) => Number.isFinite(n) && n >= 0,
    ) ||
    duration <= 0 ||
    rounds < 1 ||
    countRequests <= 0
  ) {
    throw new Error(
      '--duration, --connections, --warmup, --rounds and --count must be positive numbers',
    )
  }
  const profiles = values.profiles.split(',').map((p) => p.trim())
  const unknown = profiles.filter((p) => !(PROFILES as readonly string[]).includes(p))
  if (unknown.length > 0 || profiles.length === 0)
    throw new Error(`--profiles takes a comma-separated list of ${PROFILES.join(', ')}`)
  const steps = values.steps.split(',').filter(Boolean)
  if (steps.length === 0 || steps.some((s) => !(STEPS as readonly string[]).includes(s)))
    throw new Error(`--steps takes a comma-separated list of ${STEPS.join(', ')}`)
  return {
    steps: steps as Step[],
    duration,
    connections,
    warmup,
    rounds,
    countRequests,
    profiles: profiles as Profile[],
  }
}
