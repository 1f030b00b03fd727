// `npm test`: typecheck, lint, format check, then every vitest project; stops at the first failure.
// Extra arguments go to vitest: `npm test -- --project node layers/layer-1-auth`.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { bold, dim, green, red, say, since, yellow } from './lib/log.mjs'
import { ensureDependencies } from './lib/pnpm.mjs'
import { CommandError, pathWithBins, run } from './lib/proc.mjs'
import { ROOT, rootPackage } from './lib/workspace.mjs'

const extraArgs = process.argv.slice(2)
// A JSON report next to the usual output gives the counts for the closing line, unless the
// caller chose reporters.
const reportFile = join(tmpdir(), `stratum-vitest-${process.pid}.json`)
const reporterArgs = extraArgs.some((arg) => arg.startsWith('--reporter'))
  ? []
  : ['--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]

/** `N passed, N failed, N skipped` from vitest's JSON report, or `undefined` without one. */
const testCounts = () => {
  if (!existsSync(reportFile)) return undefined
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'))
    const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    return `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`
  } finally {
    rmSync(reportFile, { force: true })
  }
}
const env = { ...process.env, PATH: pathWithBins(join(ROOT, 'node_modules', '.bin')) }

/** Runs a root package.json script the way `npm run` would, without npm's start-up cost. */
const script = (name) => () => {
  const command = rootPackage().scripts?.[name]
  if (!command) throw new Error(`package.json has no '${name}' script`)
  return run(command, [], { cwd: ROOT, env, shell: true })
}

const steps = [
  ['typecheck', script('typecheck')],
  ['lint', script('lint')],
  ['format', script('format:check')],
  ['vitest', () => run('vitest', ['run', ...reporterArgs, ...extraArgs], { cwd: ROOT, env })],
]

const started = performance.now()
const results = []
let exitCode = 0

try {
  await ensureDependencies()
  for (const [name, fn] of steps) {
    const stepStart = performance.now()
    say(bold(`${name}…`))
    try {
      await fn()
      results.push([name, green('passed'), since(stepStart)])
    } catch (error) {
      results.push([name, red('failed'), since(stepStart)])
      exitCode = error instanceof CommandError ? error.exitCode : 1
      if (!(error instanceof CommandError)) console.error(error)
      break
    }
  }
} catch (error) {
  console.error(red(error.message))
  exitCode = error instanceof CommandError ? error.exitCode : 1
}

for (const [name] of steps.slice(results.length)) results.push([name, yellow('skipped'), '-'])
console.log('')
say(bold('summary'))
for (const [name, status, time] of results)
  console.log(`  ${name.padEnd(10)} ${status.padEnd(16)} ${dim(time)}`)
const counts = testCounts()
// A plain line, alone, that CI log readers understand.
if (counts) console.log(`vitest: ${counts}`)
say(
  `${exitCode === 0 ? green('all steps passed') : red('failed')} in ${since(started)} (wall time)`,
)
process.exitCode = exitCode
