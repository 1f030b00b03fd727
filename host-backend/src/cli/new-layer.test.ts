import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkNewLayer, NewLayerInputError, parseNewLayerArgs } from './new-layer.ts'
import { copyWorkspace, linkWorkspacePackage } from './workspace-copy.ts'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))

/** Runs `node <args>` in `cwd`, outside this vitest run (its variables removed). */
function node(cwd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST$|NODE_OPTIONS$)/.test(key)),
  )
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('pnpm layers new', () => {
  let copy: string
  const layersCli = (...args: string[]) =>
    node(copy, [
      join(copy, 'node_modules/tsx/dist/cli.mjs'),
      'host-backend/src/cli/layers.ts',
      ...args,
    ])
  const config = () => readFile(join(copy, 'layers.config.ts'), 'utf8')

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'stratum-new-layer-'))
    await copyWorkspace(REPO, copy)
  })
  afterAll(() => (copy ? rm(copy, { recursive: true, force: true }) : undefined))

  it('scaffolds a layer whose own test and `layers check` pass once it is enabled', async () => {
    const before = await config()
    const created = await layersCli('new', '7', 'widgets', '--no-install')
    expect(created.code, created.output).toBe(0)
    expect(created.output).toContain('layers/layer-7-widgets/')
    expect(created.output).toContain('npx pnpm@')

    const entry = `    { name: 'widgets', enabled: false, prefix: '/api/widgets', openapiTags: ['widgets'] },\n`
    const after = await config()
    expect(after).toContain(entry)
    expect(after.replace(entry, '')).toBe(before)

    // What `pnpm install` would link, without writing to the store the copy shares.
    await linkWorkspacePackage(copy, join(copy, 'layers/layer-7-widgets'))
    await writeFile(
      join(copy, 'layers.config.ts'),
      after.replace("name: 'widgets', enabled: false", "name: 'widgets', enabled: true"),
    )

    const vitest = join(copy, 'node_modules/vitest/vitest.mjs')
    const tests = await node(copy, [vitest, 'run', '--project', 'node', 'layers/layer-7-widgets'])
    expect(tests.code, tests.output).toBe(0)
    expect(tests.output).toMatch(/Test Files\s+1 passed/)

    const check = await layersCli('check')
    expect(check.code, check.output).toBe(0)
    expect(check.output).toContain('→ widgets')
  }, 90_000)

  it('refuses bad input with one sentence and exit code 2, writing nothing', async () => {
    const before = await config()
    const refused = await layersCli('new', '3', 'gadgets')
    expect(refused.code).toBe(2)
    expect(refused.output.trim()).toBe(
      'The layer number 3 is already used by layers/layer-3-authenticated.',
    )
    expect(await config()).toBe(before)
  }, 30_000)

  it.each([
    [['7'], /Give a layer number and an id/],
    [['7', 'a', 'b'], /Give a layer number and an id/],
    [['-1', 'gadgets'], /non-negative integer such as 7, got '-1'/],
    [['07', 'gadgets'], /got '07'/],
    [['1.5', 'gadgets'], /got '1.5'/],
  ])('parses %j as bad arguments', (args, sentence) => {
    expect(() => parseNewLayerArgs(args)).toThrow(sentence)
  })

  it.each([
    ['Gadgets', /'Gadgets' is not kebab-case/],
    ['gadget--x', /not kebab-case/],
    ['auth', /'auth' is already used by layers\/layer-1-auth/],
    ['tenants', /'\/api\/tenants' would overlap '\/api\/tenants' of layer 'multitenant'/],
    ['admin', /The host serves '\/api\/admin' itself/],
  ])('refuses the id %s', async (id, sentence) => {
    const check = checkNewLayer(copy, { number: 42, id, install: false })
    await expect(check).rejects.toThrow(NewLayerInputError)
    await expect(check).rejects.toThrow(sentence)
  })
})
