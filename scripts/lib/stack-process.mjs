// Long-running children of the production stack: spawned with their output in a log file, stopped
// by signal with a deadline, and never left behind when this process exits.
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'

const running = new Set()

// Last resort when the parent exits without stopping the stack (an uncaught error, process.exit):
// `exit` handlers must be synchronous, so there is no time for a graceful stop.
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
})

/**
 * Starts `command` with stdout and stderr appended to `logFile`. The child gets its own process
 * group, so a Ctrl-C in the terminal reaches only the supervisor, which stops the children in
 * order (nginx first, then the backends) instead of all at once.
 * @returns a handle whose `exited` resolves with `{ code, signal }`
 */
export const spawnLogged = (name, command, args, { cwd, env, logFile }) => {
  const fd = openSync(logFile, 'a')
  let child
  try {
    child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true })
  } finally {
    closeSync(fd)
  }
  running.add(child)
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      resolve({ code, signal })
    })
    child.once('error', (error) => {
      running.delete(child)
      resolve({ code: null, signal: null, error })
    })
  })
  const isRunning = () => child.exitCode === null && child.signalCode === null && running.has(child)
  return {
    name,
    pid: child.pid,
    exited,
    isRunning,
    /** Sends `signal` to the process itself (not its group); false when it has already exited. */
    signal: (signal) => (isRunning() ? child.kill(signal) : false),
    /** The log so far, or its last `maxChars` characters. */
    log: (maxChars = Infinity) => {
      try {
        const text = readFileSync(logFile, 'utf8')
        return text.length > maxChars ? text.slice(-maxChars) : text
      } catch {
        return ''
      }
    },
  }
}

/**
 * Sends `signal` and waits up to `graceMs` for the exit; SIGKILL after that.
 * @returns the exit, with `forced: true` when SIGKILL was needed
 */
export const stopProcess = async (proc, signal, graceMs) => {
  if (!proc.isRunning()) return { ...(await proc.exited), forced: false }
  proc.signal(signal)
  // A process a test paused with SIGSTOP would otherwise sit out the whole grace period.
  proc.signal('SIGCONT')
  let timer
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs)
  })
  const outcome = await Promise.race([proc.exited, deadline])
  clearTimeout(timer)
  if (outcome !== 'timeout') return { ...outcome, forced: false }
  proc.signal('SIGKILL')
  return { ...(await proc.exited), forced: true }
}

/**
 * Polls `check` until it resolves true, the process exits, or `timeoutMs` passes; the error then
 * carries the tail of the process's log.
 */
export const waitUntil = async (proc, what, check, timeoutMs) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!proc.isRunning()) {
      throw new Error(`${proc.name} exited before ${what}:\n${proc.log(4000)}`)
    }
    if (await check().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${proc.name}: no ${what} within ${timeoutMs} ms:\n${proc.log(4000)}`)
}
