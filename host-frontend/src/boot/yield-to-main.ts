/** `scheduler.yield()`, where the browser has it (Chromium 129 and later). */
interface YieldingScheduler {
  yield(): Promise<void>
}

let channel: MessageChannel | undefined
const waiting: Array<() => void> = []

/**
 * Ends the current task and resumes in a new one, so that the browser can paint and answer input
 * in between. The boot's steps run back to back in one long task otherwise: a promise that is
 * already settled (a preloaded module, an installed layer) continues in the same task.
 * `scheduler.yield()` resumes ahead of other queued tasks; elsewhere a message to a
 * `MessageChannel` resumes without the 4 ms clamp nested timers get.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<YieldingScheduler> }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  if (!channel) {
    channel = new MessageChannel()
    channel.port1.onmessage = () => waiting.shift()?.()
    // Node's ports (tests) would otherwise keep the process alive; browsers have no unref.
    ;(channel.port1 as { unref?: () => void }).unref?.()
  }
  return new Promise<void>((resolve) => {
    waiting.push(resolve)
    channel!.port2.postMessage(undefined)
  })
}
