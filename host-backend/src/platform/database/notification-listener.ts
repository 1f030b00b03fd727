import type { Listening, NotificationHandlers } from '@stratum/layer-core/server'
import { Client } from 'pg'
import type { Logger } from 'winston'

/** A channel name `LISTEN` takes unquoted: what layers use, and nothing to escape. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/

/** Pauses between attempts to listen again: doubling from the first, never above the last. */
const RETRY_MS = { first: 100, max: 5000 }

export const checkChannel = (channel: string) => {
  if (!CHANNEL.test(channel))
    throw new Error(`'${channel}' is not a channel name (lower-case letters, digits and _).`)
}

/**
 * `LISTEN channel` on a connection of its own, opened again whenever it drops (see
 * `Database.listen`). Resolves once the first `LISTEN` succeeded; rejects if that one fails, so a
 * start-up with a wrong URL says so at once.
 */
export async function listenOnPostgres(
  url: string,
  channel: string,
  handlers: NotificationHandlers,
  logger: Logger,
  connectionTimeoutMillis: number,
): Promise<Listening> {
  checkChannel(channel)
  let client: Client | undefined
  let closed = false
  let retry: NodeJS.Timeout | undefined
  let pause = RETRY_MS.first

  const open = async (): Promise<void> => {
    const next = new Client({ connectionString: url, connectionTimeoutMillis })
    // Errors arrive here (and then `end`) when the connection drops: never thrown into the process.
    next.on('error', () => undefined)
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.message(message.payload ?? '')
    })
    try {
      await next.connect()
      await next.query(`listen ${channel}`)
    } catch (error) {
      await next.end().catch(() => undefined)
      throw error
    }
    if (closed) {
      await next.end().catch(() => undefined)
      return
    }
    client = next
    next.once('end', () => {
      if (closed || client !== next) return
      client = undefined
      const error = new Error(`The connection listening on '${channel}' closed.`)
      logger.warn(`${error.message} Notifications are missed until it is open again.`)
      handlers.lost(error)
      schedule()
    })
  }

  const schedule = () => {
    if (closed) return
    retry = setTimeout(() => {
      retry = undefined
      open().then(
        () => {
          if (closed) return
          pause = RETRY_MS.first
          logger.info(`Listening on '${channel}' again.`)
          handlers.resumed()
        },
        (error: unknown) => {
          logger.warn(`Could not listen on '${channel}' yet: ${String(error)}`)
          pause = Math.min(pause * 2, RETRY_MS.max)
          schedule()
        },
      )
    }, pause)
    retry.unref()
  }

  await open()
  return {
    close: async () => {
      closed = true
      if (retry) clearTimeout(retry)
      const current = client
      client = undefined
      await current?.end().catch(() => undefined)
    },
  }
}
