// Compiles the backend with esbuild, so production runs plain `node` instead of tsx, and skips the
// build when the server sources have not changed.
//
// Layout of the build folder (host-backend/dist by default):
//   main.js                          the entry: `node host-backend/dist/main.js`
//   layers.config.js                 layers.config.ts
//   layers/<folder>/shared.js        each layer's `./shared` entry
//   layers/<folder>/server.js        each layer's `./server` entry, imported only when enabled
//   themes/<name>/theme.config.js    each theme's config, next to a copy of its assets (logo)
//   chunks/*.js                      code two entries share: one instance of layer-core for all
//   stratum-build.json               source file → compiled file, read by host-backend/src/main.ts
// npm packages stay external and load from host-backend/node_modules, except those only a layer
// depends on (host-backend cannot resolve them), which are bundled.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { extname, join, relative, sep } from 'node:path'
import { hashFiles, listFiles, readStoredHash } from './hash.mjs'
import { step } from './log.mjs'
import { ROOT } from './workspace.mjs'

const BACKEND = join(ROOT, 'host-backend')

/** Folder the backend is built into. */
export const BACKEND_DIST = join(BACKEND, 'dist')
/** File name of the compiled entry inside the build folder. */
export const BACKEND_MAIN = 'main.js'
const HASH_FILE = '.stratum-build-hash'
const MANIFEST_FILE = 'stratum-build.json'

// Everything the server bundle is made of. `listFiles` skips node_modules and dist.
const SERVER_INPUTS = [
  'host-backend/src',
  'host-backend/package.json',
  'layers/*/src/server',
  'layers/*/src/shared',
  'layers/*/src/client/messages',
  'layers/*/package.json',
  'themes',
  'layers.config.ts',
  'pnpm-lock.yaml',
  'tsconfig.base.json',
  'tsconfig.server.json',
  'scripts/lib/backend.mjs',
]

/** Content hash of the server sources. */
export const serverHash = () => hashFiles(ROOT, listFiles(ROOT, SERVER_INPUTS))

const posix = (path) => path.split(sep).join('/')
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const folders = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : []

/** Output name (without `.js`) → source file relative to the root, for every run-time entry. */
const entryPoints = () => {
  const entries = {
    main: 'host-backend/src/main.ts',
    // `node host-backend/dist/migrate.js`: the Kubernetes migration Job runs it.
    migrate: 'host-backend/src/cli/migrate.ts',
    'layers.config': 'layers.config.ts',
  }
  for (const folder of folders(join(ROOT, 'layers'))) {
    const file = join(ROOT, 'layers', folder, 'package.json')
    if (!existsSync(file)) continue
    const exports = readJson(file).exports ?? {}
    // `messages`: the compiled SPA texts the languages layer reads on the server.
    for (const half of ['shared', 'server', 'messages']) {
      const source = exports[`./${half}`]
      if (source) entries[`layers/${folder}/${half}`] = posix(join('layers', folder, source))
    }
  }
  for (const theme of folders(join(ROOT, 'themes'))) {
    const source = `themes/${theme}/theme.config.ts`
    if (existsSync(join(ROOT, source))) entries[`themes/${theme}/theme.config`] = source
  }
  return entries
}

/** host-backend's own npm dependencies: installed next to the build, so left external. */
const externalPackages = () =>
  Object.entries(readJson(join(BACKEND, 'package.json')).dependencies ?? {})
    .filter(([, version]) => !String(version).startsWith('workspace:'))
    .flatMap(([name]) => [name, `${name}/*`])

// Themes lazily import Vue components for the client; the server never calls those imports.
const vueExternal = {
  name: 'stratum-vue-external',
  setup(build) {
    build.onResolve({ filter: /\.vue$/ }, (args) => ({ path: args.path, external: true }))
  },
}

// Bundled CommonJS code calls `require`, which ES modules do not have.
const REQUIRE_SHIM =
  "import { createRequire as __stratumCreateRequire } from 'node:module'\n" +
  'const require = __stratumCreateRequire(import.meta.url)'

/** Compiles every entry into `outDir` and writes the manifest main.js reads. */
export const compileBackend = async (outDir = BACKEND_DIST) => {
  const { build } = await import('esbuild')
  const entries = entryPoints()
  rmSync(outDir, { recursive: true, force: true })
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([out, source]) => [out, join(ROOT, source)]),
    ),
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    external: externalPackages(),
    plugins: [vueExternal],
    banner: { js: REQUIRE_SHIM },
    // Error classes and services keep their names in logs and `instanceof` messages.
    keepNames: true,
    sourcemap: true,
    logLevel: 'silent',
  })
  for (const theme of folders(join(ROOT, 'themes'))) {
    // `new URL('./logo.svg', import.meta.url)` now points next to the compiled config.
    cpSync(join(ROOT, 'themes', theme), join(outDir, 'themes', theme), {
      recursive: true,
      filter: (file) => !['.ts', '.vue'].includes(extname(file)),
    })
  }
  const modules = Object.fromEntries(
    Object.entries(entries).map(([out, source]) => [source, `${out}.js`]),
  )
  const manifest = { root: posix(relative(outDir, ROOT)) || '.', modules }
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, undefined, 2)}\n`)
}

/**
 * Builds the backend into `outDir` and records the hash of the sources it was built from. With
 * `force: false` the build is skipped when that hash is unchanged.
 * @returns the path of the compiled entry
 */
export const buildBackend = async ({ force = true, outDir = BACKEND_DIST } = {}) => {
  await step('backend build', async () => {
    const hash = serverHash()
    const hashFile = join(outDir, HASH_FILE)
    const upToDate = existsSync(join(outDir, BACKEND_MAIN)) && readStoredHash(hashFile) === hash
    if (upToDate && !force) return 'up to date'
    await compileBackend(outDir)
    writeFileSync(hashFile, `${hash}\n`)
    return `built ${posix(relative(ROOT, outDir))}`
  })
  return join(outDir, BACKEND_MAIN)
}
