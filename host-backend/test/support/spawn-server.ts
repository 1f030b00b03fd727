import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '../../..')
const TSX = join(ROOT, 'node_modules/.bin/tsx')

export interface SpawnedServer {
  readonly url: string
  readonly child: ChildProcess
  /** Everything the process printed so far. */
  output(): string
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
  kill(signal?: NodeJS.Signals): void
}

/**
 * Starts a backend entry point (`host-backend/src/main.ts` or a fixture script) in its own
 * process and resolves once it prints its URL.
 */
export function spawnServer(
  script: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<SpawnedServer> {
  const child = spawn(TSX, [join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /(?:READY|Stratum is running at) (http:\/\/\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve({
          url: match[1]!,
          child,
          output: () => out,
          exited,
          kill: (signal = 'SIGTERM') => child.kill(signal),
        })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code} before starting:\n${out}`))
    })
  })
}

/** Runs a script to completion and returns its exit code and output. */
export function runScript(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(TSX, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })))
}
