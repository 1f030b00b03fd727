import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { findTool, needs } from './support/tools.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const dockerCompose = findTool('docker-compose')
const nginx = findTool('nginx')

interface Service {
  build?: { target?: string }
  image?: string
  command?: string[] | string
  environment?: Record<string, string | null>
  env_file?: string[] | string
  ports?: (string | { published?: string | number; target?: string | number })[]
  volumes?: (string | { source?: string; target?: string })[]
  healthcheck?: { test?: string[] | string }
  deploy?: { replicas?: number }
  networks?: Record<string, unknown> | string[]
}
interface Compose {
  services: Record<string, Service>
  volumes?: Record<string, unknown>
}

/** The file as `docker-compose config` resolves it, with `.env.example` as the env file. */
const resolved = (file: string): Compose =>
  parse(
    execFileSync(dockerCompose!, ['-f', file, 'config'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, STRATUM_ENV_FILE: '.env.example' },
    }),
  ) as Compose

/** The file as written, to check what is inline. */
const raw = (file: string): Compose => parse(readFileSync(join(root, file), 'utf8')) as Compose

/** Container ports a service publishes on the host, whatever syntax the config uses. */
const publishedTargets = (service: Service) =>
  (service.ports ?? []).map((port) =>
    typeof port === 'string' ? Number(port.split('/')[0]!.split(':').at(-1)) : Number(port.target),
  )

const volumeTargets = (service: Service) =>
  (service.volumes ?? []).map((volume) =>
    typeof volume === 'string'
      ? volume.split(':').slice(0, 2).join(':')
      : `${volume.source}:${volume.target}`,
  )

describe.skipIf(!dockerCompose)(
  needs(dockerCompose, 'docker-compose', 'docker-compose.prod.yml'),
  () => {
    const config = dockerCompose
      ? resolved('docker-compose.prod.yml')
      : ({ services: {} } as Compose)
    const { gateway, backend, postgres, redis } = config.services

    it('has the gateway, backend replicas, PostgreSQL and Redis, each with a healthcheck', () => {
      expect(Object.keys(config.services).sort()).toEqual([
        'backend',
        'gateway',
        'postgres',
        'redis',
      ])
      for (const [name, service] of Object.entries(config.services)) {
        expect(service.healthcheck?.test, `${name} healthcheck`).toBeTruthy()
      }
      expect(gateway?.build?.target).toBe('gateway')
      expect(backend?.build?.target).toBe('backend')
      expect(backend?.deploy?.replicas).toBeGreaterThanOrEqual(2)
    })

    it('publishes only the gateway port', () => {
      expect(publishedTargets(gateway!)).toEqual([8080])
      for (const name of ['backend', 'postgres', 'redis']) {
        expect(config.services[name]?.ports ?? [], name).toEqual([])
      }
    })

    it('keeps PostgreSQL and Redis data in volumes, Redis with AOF', () => {
      expect(Object.keys(config.volumes ?? {}).sort()).toEqual(['pgdata', 'redisdata'])
      expect(volumeTargets(postgres!)).toContain('pgdata:/var/lib/postgresql/data')
      expect(volumeTargets(redis!)).toContain('redisdata:/data')
      expect([redis!.command].flat().join(' ')).toMatch(/--appendonly yes/)
    })

    it('takes secrets from the env file, never inline', () => {
      const written = raw('docker-compose.prod.yml')
      for (const name of ['backend', 'postgres']) {
        expect(written.services[name]?.env_file, name).toBeTruthy()
      }
      for (const [name, service] of Object.entries(written.services)) {
        const inline = Object.keys(service.environment ?? {})
        expect(
          inline.filter((key) => /SECRET|PASSWORD|DATABASE_URL|SMTP_URL|REDIS_URL/.test(key)),
          name,
        ).toEqual([])
      }
      // The env file's values reach the backend.
      expect(backend?.environment?.APP_SECRET).toBeTruthy()
      expect(backend?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//)
    })
  },
)

describe.skipIf(!dockerCompose)(
  needs(dockerCompose, 'docker-compose', 'docker-compose.dev.yml'),
  () => {
    const config = dockerCompose
      ? resolved('docker-compose.dev.yml')
      : ({ services: {} } as Compose)
    const { gateway, frontend, backend, postgres, redis, mailpit } = config.services

    it('runs the gateway, Vite, the backend in watch mode, PostgreSQL, Redis and a mail catcher', () => {
      expect(Object.keys(config.services).sort()).toEqual([
        'backend',
        'frontend',
        'gateway',
        'mailpit',
        'postgres',
        'redis',
      ])
      expect([frontend!.command].flat().join(' ')).toMatch(/vite .*--port 5173/)
      expect([backend!.command].flat().join(' ')).toMatch(/tsx watch .*host-backend\/src\/main\.ts/)
      expect(backend?.environment?.SMTP_URL).toBe('smtp://mailpit:1025')
    })

    it('mounts the layer sources into the frontend and the nginx dev config into the gateway', () => {
      expect(volumeTargets(frontend!)).toContain(`${join(root, 'layers')}:/app/layers`)
      expect(volumeTargets(frontend!)).toContain(
        `${join(root, 'host-frontend')}:/app/host-frontend`,
      )
      expect(volumeTargets(gateway!)).toContain(
        `${join(root, 'gateway/nginx.dev.conf')}:/etc/nginx/nginx.conf`,
      )
    })

    it('publishes the gateway, PostgreSQL, Redis and the mail UI', () => {
      expect(publishedTargets(gateway!)).toEqual([8080])
      expect(publishedTargets(postgres!)).toEqual([5432])
      expect(publishedTargets(redis!)).toEqual([6379])
      expect(publishedTargets(mailpit!)).toContain(8025)
      expect(publishedTargets(frontend!)).toEqual([])
      expect(publishedTargets(backend!)).toEqual([])
    })
  },
)

describe.skipIf(!nginx)(needs(nginx, 'nginx', 'gateway configs pass nginx -t'), () => {
  const prefix = mkdtempSync(join(tmpdir(), 'stratum-nginx-t-'))
  afterAll(() => rmSync(prefix, { recursive: true, force: true }))

  // Output goes to a file: nginx opens /dev/stdout itself, which fails when it is a socket.
  const check = (file: string) => {
    const log = join(prefix, 'nginx-t.log')
    const fd = openSync(log, 'w')
    try {
      execFileSync(nginx!, ['-t', '-q', '-p', `${prefix}/`, '-e', 'stderr', '-c', file], {
        stdio: ['ignore', fd, fd],
      })
    } catch {
      throw new Error(readFileSync(log, 'utf8'))
    } finally {
      closeSync(fd)
    }
  }

  it('gateway/nginx.dev.conf', () => {
    expect(() => check(join(root, 'gateway/nginx.dev.conf'))).not.toThrow()
  })

  it('gateway/nginx.prod.conf, with the compose host name of the upstream replaced', () => {
    // nginx resolves upstream host names while loading; `backend` exists only inside compose.
    const conf = readFileSync(join(root, 'gateway/nginx.prod.conf'), 'utf8')
    expect(conf).toMatch(/server backend:3000/)
    const local = join(prefix, 'nginx.prod.conf')
    writeFileSync(local, conf.replace('server backend:3000', 'server 127.0.0.1:3000'))
    expect(() => check(local)).not.toThrow()
  })
})
