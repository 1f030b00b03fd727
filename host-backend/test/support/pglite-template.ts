import { createHash } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from 'winston'
import { createPgliteDatabase } from '../../src/platform/database/pglite-database.ts'
import type { PgliteDatabase } from '../../src/platform/database/pglite-database.ts'
import { captureLogger } from './logger.ts'

let template: Promise<Blob> | undefined

// Keyed by where the PGlite build lives (the pnpm path holds its version), so an upgrade never
// loads a data folder written by another PostgreSQL build.
function templatePath(): string {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  const key = createHash('sha256').update(pglite).digest('hex').slice(0, 12)
  return join(tmpdir(), `stratum-pglite-template-${key}.tar`)
}

async function loadOrCreateTemplate(): Promise<Blob> {
  const path = templatePath()
  // Vitest re-evaluates modules per test file, so the in-memory cache alone would run initdb in
  // every file; the file in tmpdir shares one initdb across files and runs.
  const saved = await readFile(path).catch(() => undefined)
  if (saved) return new Blob([saved])
  const database = await createPgliteDatabase(undefined, captureLogger().logger)
  const dump = await database.dumpDataDir()
  await database.close()
  // Write then rename, so a parallel worker never reads half a file.
  const partial = `${path}.${process.pid}.partial`
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()))
  await rename(partial, path)
  return dump
}

/**
 * A fresh in-memory PGlite database, started from a template made once (initdb takes seconds;
 * loading the template well under one). Each call returns a new, independent database.
 * @param logger @default a logger that keeps entries in memory
 */
export async function pgliteTemplate(logger?: Logger): Promise<PgliteDatabase> {
  template ??= loadOrCreateTemplate().catch((error: unknown) => {
    template = undefined
    throw error
  })
  const loadDataDir = await template
  return createPgliteDatabase({ loadDataDir }, logger ?? captureLogger().logger)
}
