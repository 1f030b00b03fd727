import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileBackend } from '../../scripts/lib/backend.mjs'

const ROOT = join(import.meta.dirname, '../..')
const DISABLED = 'layer-3-authenticated'

let outDir: string
let stateDir: string
let server: ChildProcess | undefined
let url = ''
let output = ''

/** Starts `node <outDir>/main.js` and resolves with the URL it prints. */
const start = (env: Record<string, string>) =>
  new Promise<string>((resolve, reject) => {
    server = spawn(process.execPath, [join(outDir, 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Stratum is running at (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    }
    server.stdout!.on('data', onData)
    server.stderr!.on('data', onData)
    server.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })

beforeAll(async () => {
  // Inside host-backend/node_modules so the build's external packages resolve as they do from
  // host-backend/dist.
  const cache = join(ROOT, 'host-backend', 'node_modules', '.cache')
  await mkdir(cache, { recursive: true })
  outDir = await mkdtemp(join(cache, 'stratum-compiled-'))
  stateDir = await mkdtemp(join(tmpdir(), 'stratum-compiled-'))
  await compileBackend(outDir)
  // Importing the disabled layer's compiled entry would leave a mark and stop the start-up.
  const marker = join(stateDir, 'disabled-layer-loaded')
  await writeFile(
    join(outDir, 'layers', DISABLED, 'server.js'),
    `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, 'loaded')\n` +
      `throw new Error('the disabled layer was imported')\n`,
  )
  const layersConfig = join(stateDir, 'layers.config.mjs')
  const layers = [
    { name: 'core', enabled: true, priority: 0 },
    { name: 'auth', enabled: true, priority: 10, prefix: '/api/auth' },
    { name: 'multitenant', enabled: true, priority: 20, prefix: '/api/tenants' },
    { name: 'authenticated', enabled: false, priority: 30, prefix: '/api/app' },
  ]
  await writeFile(layersConfig, `export default ${JSON.stringify({ layers })}\n`)
  url = await start({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: join(stateDir, 'data'),
    LAYERS_CONFIG: layersConfig,
  })
}, 60_000)

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  await rm(outDir, { recursive: true, force: true })
  await rm(stateDir, { recursive: true, force: true })
})

describe('the compiled backend (plain node, no tsx)', () => {
  it('maps every run-time source import to a compiled file', async () => {
    const manifest = JSON.parse(await readFile(join(outDir, 'stratum-build.json'), 'utf8')) as {
      modules: Record<string, string>
    }
    expect(manifest.modules).toMatchObject({
      'layers.config.ts': 'layers.config.js',
      'layers/layer-0-core/src/server/index.ts': 'layers/layer-0-core/server.js',
      'themes/base/theme.config.ts': 'themes/base/theme.config.js',
    })
    for (const file of Object.values(manifest.modules)) {
      expect(existsSync(join(outDir, file)), file).toBe(true)
    }
  })

  it('answers /health on embedded defaults', async () => {
    const res = await fetch(`${url}/health`)
    expect(res.status).toBe(200)
  })

  it('runs the enabled layers and never imports the disabled one', async () => {
    const res = await fetch(`${url}/api/core/layers`)
    const body = (await res.json()) as { layers: { id: string }[] }
    expect(body.layers.map((layer) => layer.id)).toEqual(['core', 'auth', 'multitenant'])
    expect(existsSync(join(stateDir, 'disabled-layer-loaded'))).toBe(false)
  })

  it('loads the compiled theme configs', async () => {
    const res = await fetch(`${url}/api/core/theme`)
    const body = (await res.json()) as { available: string[] }
    expect(body.available).toEqual(expect.arrayContaining(['base', 'client-a', 'client-b']))
  })
})
