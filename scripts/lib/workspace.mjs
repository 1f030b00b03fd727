// Where things are in the workspace, resolved from this file so scripts work from any cwd.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of the repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The root `package.json`. */
export const rootPackage = () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

/** Absolute path of a binary installed in the root `node_modules/.bin`. */
export const bin = (name) => join(ROOT, 'node_modules', '.bin', name)
