import { cp, mkdir, readdir, readFile, readlink, symlink } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'

/** Root files that `pnpm layers`, vitest and Prettier read. */
const ROOT_FILES = [
  'package.json',
  'pnpm-workspace.yaml',
  'pnpm-lock.yaml',
  'layers.config.ts',
  'tsconfig.base.json',
  'tsconfig.server.json',
  'tsconfig.client.json',
  'vitest.config.ts',
  '.prettierrc.json',
]
/** What the backend and its tests read: the layers, the host, and the themes core lists. */
const FOLDERS = ['layers', 'host-backend', 'themes']
/**
 * Left out: the store (linked instead), `.bin` shims (they hold absolute paths into the original),
 * caches, build output and data.
 */
const SKIPPED = new Set(['.pnpm', '.bin', '.vite', '.vite-temp', '.data', 'dist', 'coverage'])

/**
 * Copies a pnpm workspace into `to` for tests that change it (`pnpm layers new`), in well under a
 * second. Sources are copied; every `node_modules` keeps its relative symlinks as they are, and
 * the copy's `node_modules/.pnpm` is a link to the original store. So workspace links resolve
 * inside the copy, and every installed package resolves to the original files, read only.
 */
export async function copyWorkspace(from: string, to: string): Promise<void> {
  const filter = (source: string) => !SKIPPED.has(basename(source))
  await Promise.all([
    ...ROOT_FILES.map((file) => cp(join(from, file), join(to, file))),
    ...[...FOLDERS, 'node_modules'].map((folder) =>
      cp(join(from, folder), join(to, folder), { recursive: true, verbatimSymlinks: true, filter }),
    ),
  ])
  await symlink(join(from, 'node_modules', '.pnpm'), join(to, 'node_modules', '.pnpm'))
}

/** Workspace package name → folder, for the folders pnpm-workspace.yaml lists here. */
async function workspacePackages(root: string): Promise<Map<string, string>> {
  const layers = await readdir(join(root, 'layers'))
  const folders = [...layers.map((name) => join(root, 'layers', name)), join(root, 'host-backend')]
  const packages = new Map<string, string>()
  for (const folder of folders) {
    const text = await readFile(join(folder, 'package.json'), 'utf8').catch(() => undefined)
    if (text) packages.set((JSON.parse(text) as { name: string }).name, folder)
  }
  return packages
}

/** Where an existing link named `name` in one of `dirs` points, as an absolute path. */
async function linkedTarget(dirs: readonly string[], name: string): Promise<string | undefined> {
  for (const dir of dirs) {
    const link = join(dir, name)
    const target = await readlink(link).catch(() => undefined)
    if (target !== undefined) return resolve(dirname(link), target)
  }
  return undefined
}

/**
 * Gives the package in `folder` the `node_modules` links `pnpm install` would, without touching
 * the shared store: a `workspace:` dependency links to its folder, any other to the store entry
 * that another package of the workspace already links (catalog versions make it the same one).
 */
export async function linkWorkspacePackage(root: string, folder: string): Promise<void> {
  const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  const workspace = await workspacePackages(root)
  const linkDirs = [
    ...[...workspace.values()].filter((dir) => dir !== folder).map((d) => join(d, 'node_modules')),
    join(root, 'node_modules'),
    join(root, 'node_modules', '.pnpm', 'node_modules'),
  ]
  for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const target = spec.startsWith('workspace:')
      ? workspace.get(name)
      : await linkedTarget(linkDirs, name)
    if (!target) throw new Error(`No package of the workspace links '${name}' to copy the link.`)
    const link = join(folder, 'node_modules', name)
    await mkdir(dirname(link), { recursive: true })
    await symlink(relative(dirname(link), target), link)
  }
}
