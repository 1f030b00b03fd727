// What the production stack needs around its processes: free ports, its own PostgreSQL database,
// a small SMTP server, and the Redis keys it leaves behind. The clients come from host-backend's
// dependencies (pg, smtp-server, mailparser, ioredis), so the root package needs none of them.
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { ROOT } from './workspace.mjs'

const backendRequire = createRequire(join(ROOT, 'host-backend', 'package.json'))

/** A port nobody listens on at the moment, on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

/** Rejects with a sentence naming the port when something already listens on it. */
export const assertPortFree = (port, what) =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error) =>
      reject(new Error(`Port ${port} (${what}) is not free: ${error.code ?? error.message}.`)),
    )
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
  })

const asAdmin = async (adminUrl, sql) => {
  const { Client } = backendRequire('pg')
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Names are generated or checked here, so they are safe to put into SQL as they are. */
const checkName = (name) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid database name '${name}'.`)
  return name
}

/**
 * Creates the database unless it exists. `drop()` ends its connections and removes it.
 * @returns `{ name, url, created, drop }`
 */
export const ensureDatabase = async (adminUrl, name) => {
  checkName(name)
  const { rowCount } = await asAdmin(
    adminUrl,
    `select 1 from pg_database where datname = '${name}'`,
  )
  if (!rowCount) await asAdmin(adminUrl, `create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    created: !rowCount,
    drop: () => asAdmin(adminUrl, `drop database if exists ${name} with (force)`),
  }
}

/**
 * An SMTP server on 127.0.0.1 without auth or TLS that keeps what it receives, parsed.
 * @returns `{ url, messages, waitFor(predicate, timeoutMs), close() }`
 */
export const startSmtpServer = async ({ onMail } = {}) => {
  const { SMTPServer } = backendRequire('smtp-server')
  const { simpleParser } = backendRequire('mailparser')
  const messages = []
  const waiters = new Set()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail)
          onMail?.(mail)
          for (const wake of waiters) wake()
          callback()
        },
        (error) => callback(error),
      )
    },
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.server.address()
  const waitFor = (predicate, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate)
        if (!found) return
        done()
        resolve(found)
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`No matching mail within ${timeoutMs} ms (${messages.length} received).`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Deletes every Redis key under `prefix` (rate-limit windows, sign-in counters, caches). */
export const deleteCacheKeys = async (redisUrl, prefix) => {
  const { Redis } = backendRequire('ioredis')
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  try {
    let cursor = '0'
    let deleted = 0
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      cursor = next
      if (keys.length > 0) deleted += await redis.del(...keys)
    } while (cursor !== '0')
    return deleted
  } finally {
    redis.disconnect()
  }
}
