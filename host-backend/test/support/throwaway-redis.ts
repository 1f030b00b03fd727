import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { freePort } from './free-port.ts'

/** A Redis of a test's own, so the test can stop it without disturbing the shared one. */
export interface ThrowawayRedis {
  readonly url: string
  /** Kills it (SIGKILL, as a crash would) and waits until it has exited. Safe to call twice. */
  stop(): Promise<void>
  /** Starts it again, empty, on the same port (stopping it first if it still runs). */
  restart(): Promise<void>
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

/** Runs `redis-server` on `port` and resolves with its `stop` once it accepts connections. */
async function runRedis(port: number): Promise<() => Promise<void>> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  const deadline = Date.now() + 5000
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop()
      throw new Error(`redis-server did not start on port ${port}`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  return stop
}

/** Starts `redis-server` (Debian's, installed by .ci/run) on a free port, without persistence. */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort()
  let stop = await runRedis(port)
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stop(),
    restart: async () => {
      await stop()
      stop = await runRedis(port)
    },
  }
}
