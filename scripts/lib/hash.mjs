// Content hashes that decide whether an install or a build can be skipped.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  '.data',
  'coverage',
  'test-artifacts',
])

const walk = (dir, out) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, out)
    } else if (entry.isFile()) {
      out.push(path)
    }
  }
}

/**
 * Lists files under `root` for the given entries (files or folders, relative to `root`; a `*`
 * segment matches any one folder name). Folders are walked recursively, skipping `node_modules`,
 * `dist`, `.git` and other generated folders. Missing entries are ignored.
 */
export const listFiles = (root, entries) => {
  const files = []
  for (const entry of entries) {
    for (const path of expand(root, entry.split('/'))) {
      if (!existsSync(path)) continue
      if (statSync(path).isDirectory()) walk(path, files)
      else files.push(path)
    }
  }
  return [...new Set(files)].sort()
}

const expand = (base, segments) => {
  if (segments.length === 0) return [base]
  const [head, ...rest] = segments
  if (head !== '*') return expand(join(base, head), rest)
  if (!existsSync(base)) return []
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SKIPPED_DIRS.has(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => expand(join(base, entry.name), rest))
}

/** SHA-256 over the relative path and content of each file, plus any extra strings. */
export const hashFiles = (root, files, extra = []) => {
  const hash = createHash('sha256')
  for (const value of extra) hash.update(`${value}\0`)
  for (const file of files) {
    hash.update(`${relative(root, file).split(sep).join('/')}\0`)
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** The hash stored in `file`, or `undefined` when there is none. */
export const readStoredHash = (file) =>
  existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined
