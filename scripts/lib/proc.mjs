// Child processes: run to completion, or hand the terminal to a long-running one.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'

/** Error thrown when a command exits non-zero; carries the exit code to pass on. */
export class CommandError extends Error {
  constructor(command, code, signal) {
    super(`${command} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`)
    this.exitCode = signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1)
    /** What the command printed, when it ran with `quiet`. */
    this.output = ''
  }
}

/** PATH with the workspace's `node_modules/.bin` folders first, as `npm run` does. */
export const pathWithBins = (...binDirs) =>
  [...binDirs, process.env.PATH ?? ''].filter(Boolean).join(':')

/** Output is shown as it comes when `STRATUM_VERBOSE=1`, and only on failure otherwise. */
export const verbose = process.env.STRATUM_VERBOSE === '1'

/**
 * Runs a command to completion. With `quiet`, its output is kept and printed only if it fails.
 * @returns 0; rejects with a `CommandError` otherwise.
 */
export const run = (command, args, { cwd, env, shell = false, quiet = false } = {}) =>
  new Promise((resolve, reject) => {
    const hide = quiet && !verbose
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      shell,
      stdio: hide ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    })
    const output = []
    child.stdout?.on('data', (chunk) => output.push(chunk))
    child.stderr?.on('data', (chunk) => output.push(chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(0)
      const text = Buffer.concat(output)
      if (hide) process.stderr.write(text)
      const error = new CommandError([command, ...args].join(' '), code, signal)
      error.output = text.toString()
      reject(error)
    })
  })

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * Starts a long-running child in its own process group and forwards SIGINT/SIGTERM/SIGHUP to it
 * exactly once. Its own group keeps Ctrl-C from reaching it twice (once from the terminal, once
 * from us), which a graceful shutdown would read as "force quit".
 * @returns the child and a promise of its exit code (128 + n when killed by signal n)
 */
export const supervise = (
  command,
  args,
  { cwd, env, stdio = ['ignore', 'inherit', 'inherit'] } = {},
) => {
  const child = spawn(command, args, { cwd, env: env ?? process.env, stdio, detached: true })
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal)
      } catch {
        child.kill(signal)
      }
    }
  }
  const handlers = FORWARDED.map((signal) => {
    const handler = () => forward(signal)
    process.on(signal, handler)
    return [signal, handler]
  })
  // A parent that dies (uncaught error, exit) must not leave the server running.
  const onExit = () => forward('SIGTERM')
  process.on('exit', onExit)
  // `npm start` runs us under `sh -c`; npm's SIGTERM kills that shell only and leaves us
  // orphaned. Being re-parented means whoever started us is gone: stop like on SIGTERM.
  const parent = process.ppid
  const orphanCheck = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(orphanCheck)
      forward('SIGTERM')
    }
  }, 500)
  orphanCheck.unref()
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler)
      process.off('exit', onExit)
      clearInterval(orphanCheck)
      resolve(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1))
    })
  })
  return { child, exited, stop: forward }
}
