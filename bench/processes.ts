import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, openSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const children: ChildProcess[] = []

/** Temp folder of the run: server logs (kept if the run fails) and the embedded data folder. */
export const workDir = mkdtempSync(join(tmpdir(), 'stratum-bench-'))

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise<number>((ok, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? ok(address.port) : fail()))
    })
  })

/** A server the bench started, with its log file. */
export interface StartedServer {
  child: ChildProcess
  logFile: string
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>
}

/** Starts a server in its own process with its output in a log file under the temp folder. */
export const startServer = (name: string, entry: string, env: NodeJS.ProcessEnv): StartedServer => {
  const logFile = join(workDir, `${name}.log`)
  const out = openSync(logFile, 'w')
  // `node --import tsx`, not the tsx CLI, so the child is the server itself and its CPU time
  // (read from /proc) is the server's own.
  // BENCH_CPU_PROF_DIR: each server writes a V8 CPU profile there when it exits.
  const profileDir = process.env.BENCH_CPU_PROF_DIR
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  // BENCH_NODE_FLAGS: more flags for the servers' node (`--trace-gc`, `--max-semi-space-size=32`).
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', entry], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
  })
  children.push(child)
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok()
      child.once('exit', () => ok())
      child.kill('SIGTERM')
    })
  return { child, logFile, stop }
}

/** Polls `url` until it answers 2xx; fails if the process exits or 120 s pass. */
export const waitUntilReady = async (url: string, server: StartedServer) => {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`server exited early; see ${server.logFile}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} was not ready within 120 s; see ${server.logFile}`)
}

/** Sends SIGTERM to every server still running; for exit and signal handlers. */
export const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
}
