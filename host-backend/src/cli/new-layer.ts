import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LAYER_ID_PATTERN } from '@stratum/layer-core/shared'
import { loadLayersConfig } from '../layers/load-layers-config.ts'
import { layerNames, scaffoldLayer } from './layer-scaffold.ts'
import { addLayerEntry } from './layers-config-entry.ts'

const USAGE = 'Use: pnpm layers new <number> <id> [--no-install]'
/** Segments under `/api` the host serves itself: admin routers and the OpenAPI docs. */
const RESERVED_SEGMENTS = new Set(['admin', 'docs'])

/** Bad arguments: the sentence is for the person who typed them; the CLI exits with 2. */
export class NewLayerInputError extends Error {
  override readonly name = 'NewLayerInputError'
}

/** What `pnpm layers new` was asked for. */
export interface NewLayerRequest {
  readonly number: number
  readonly id: string
  /** Run `pnpm install` afterwards. @default true */
  readonly install: boolean
}

/** Reads `<number> <id> [--no-install]`. */
export function parseNewLayerArgs(args: readonly string[]): NewLayerRequest {
  const install = !args.includes('--no-install')
  const [number, id, ...extra] = args.filter((arg) => arg !== '--no-install')
  if (number === undefined || id === undefined || extra.length > 0) {
    throw new NewLayerInputError(`Give a layer number and an id, nothing else. ${USAGE}`)
  }
  if (!/^(0|[1-9]\d*)$/.test(number) || !Number.isSafeInteger(Number(number))) {
    throw new NewLayerInputError(
      `The layer number must be a non-negative integer such as 7, got '${number}'.`,
    )
  }
  return { number: Number(number), id, install }
}

/** Throws {@link NewLayerInputError} when `request` would clash with what is in `root`. */
export async function checkNewLayer(root: string, request: NewLayerRequest): Promise<void> {
  const { number, id } = request
  if (!LAYER_ID_PATTERN.test(id)) {
    throw new NewLayerInputError(
      `The layer id '${id}' is not kebab-case: use lowercase letters and digits, starting with a letter, joined by single hyphens (like 'order-lines').`,
    )
  }
  const folders = (await readdir(join(root, 'layers'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, match: /^layer-(\d+)-(.+)$/.exec(entry.name) }))
  const sameNumber = folders.find((f) => f.match && Number(f.match[1]) === number)
  if (sameNumber) {
    throw new NewLayerInputError(
      `The layer number ${number} is already used by layers/${sameNumber.name}.`,
    )
  }
  const sameId = folders.find((f) => f.match?.[2] === id)
  if (sameId) {
    throw new NewLayerInputError(`The layer id '${id}' is already used by layers/${sameId.name}.`)
  }
  const folder = `layers/layer-${number}-${id}`
  if (existsSync(join(root, folder))) throw new NewLayerInputError(`${folder} already exists.`)

  const prefix = `/api/${id}`
  if (RESERVED_SEGMENTS.has(id)) {
    throw new NewLayerInputError(`The host serves '${prefix}' itself; pick another layer id.`)
  }
  for (const entry of (await loadLayersConfig(root)).layers) {
    if (entry.name === id) {
      throw new NewLayerInputError(`The layer id '${id}' is already listed in layers.config.ts.`)
    }
    const other = entry.prefix
    if (
      other &&
      (other === prefix || other.startsWith(`${prefix}/`) || prefix.startsWith(`${other}/`))
    ) {
      throw new NewLayerInputError(
        `The API prefix '${prefix}' would overlap '${other}' of layer '${entry.name}'; pick another layer id.`,
      )
    }
  }
}

/** `pnpm@<version>` from the root `packageManager` field, as `npm start` installs with. */
async function pinnedPnpm(root: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    packageManager?: string
  }
  return /^pnpm@[^+]+/.exec(pkg.packageManager ?? '')?.[0] ?? 'pnpm'
}

/**
 * Links the new package into the workspace and records it in pnpm-lock.yaml. Every dependency of
 * the template is already in the lockfile, so the packages come from the store; only missing
 * registry metadata is fetched (`--prefer-offline`).
 * @returns undefined on success, pnpm's output otherwise
 */
function pnpmInstall(root: string, pnpm: string): Promise<string | undefined> {
  const args = ['-y', pnpm, 'install', '--prefer-offline', '--config.confirmModulesPurge=false']
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const output: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
    child.on('error', (error) => resolve(error.message))
    child.on('close', (code) =>
      resolve(code === 0 ? undefined : Buffer.concat(output).toString().trim()),
    )
  })
}

/**
 * `pnpm layers new <number> <id>`: writes `layers/layer-<number>-<id>/` from the template, adds
 * it to layers.config.ts disabled, installs, and prints what to edit next.
 * @returns the exit code: 0, 1 when the install failed (the layer exists then), 2 for bad input
 */
export async function newLayerCommand(root: string, args: readonly string[]): Promise<number> {
  let request: NewLayerRequest
  try {
    request = parseNewLayerArgs(args)
    await checkNewLayer(root, request)
  } catch (error) {
    if (!(error instanceof NewLayerInputError)) throw error
    console.error(error.message)
    return 2
  }
  const { number, id } = request
  const folder = `layers/layer-${number}-${id}`
  const configFile = join(root, 'layers.config.ts')
  // Computed before anything is written, so a config it cannot edit leaves no half-made layer.
  const config = addLayerEntry(await readFile(configFile, 'utf8'), id)
  const names = layerNames(number, id)
  const files = await scaffoldLayer(join(root, folder), names)
  await writeFile(configFile, config)

  console.log(`Created ${folder}/ (layer ${number}, id '${id}'):`)
  for (const file of files) console.log(`  ${file}`)
  console.log(`Added '${id}' to layers.config.ts, disabled, with the API prefix '/api/${id}'.`)

  const pnpm = await pinnedPnpm(root)
  let installFailure: string | undefined
  if (request.install) {
    console.log(`Linking the package with ${pnpm} install…`)
    installFailure = await pnpmInstall(root, pnpm)
    if (installFailure) console.error(`${installFailure.split('\n').slice(-15).join('\n')}\n`)
    else console.log('Installed: the package is linked and pnpm-lock.yaml lists it.')
  }
  const steps = [
    ...(request.install && !installFailure
      ? []
      : [`Run \`npx ${pnpm} install\` to link the package and update pnpm-lock.yaml.`]),
    `Rename the example "items" to your resource: ${folder}/src/shared/item-schemas.ts (schemas), src/shared/errors.ts, src/server/migrations/${names.MIGRATION}.ts (table), src/server/items-routes.ts (routes), src/client/pages/ItemsPage.vue and src/client/messages/en-US.ts.`,
    `Run its test: npx vitest run ${folder}`,
    `Enable it: set \`enabled: true\` for '${id}' in layers.config.ts, then run \`pnpm layers check\`.`,
    'Commit the layer together with pnpm-lock.yaml.',
  ]
  console.log('\nNext steps:')
  steps.forEach((step, i) => console.log(`  ${i + 1}. ${step}`))
  if (installFailure) {
    console.error(`\n${pnpm} install failed (output above); the layer is created.`)
    return 1
  }
  return 0
}
