import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Absolute path of a command on PATH or in the sbin folders, or `undefined`. */
export const findTool = (name: string): string | undefined => {
  for (const dir of [
    ...(process.env.PATH ?? '').split(':'),
    '/usr/sbin',
    '/sbin',
    '/usr/local/sbin',
  ]) {
    if (dir && existsSync(`${dir}/${name}`)) return `${dir}/${name}`
  }
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined
    )
  } catch {
    return undefined
  }
}

/** Test title that says why it is skipped, for a tool `.ci/run` installs. */
export const needs = (tool: string | undefined, name: string, title: string) =>
  tool ? title : `${title} (skipped: ${name} is not installed; .ci/run installs it)`
