import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { platformConfigSchema, type PlatformConfig } from '@stratum/layer-core/server'

/** Thrown for an environment the platform cannot run with; the message is one sentence. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * Parses the environment. Outside production an unset `APP_SECRET` is generated once and kept in
 * `DATA_DIR/app-secret`, so restarts keep sessions valid; production must set it.
 */
export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const parsed = platformConfigSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(
      `Environment variable ${issue.path.join('.')} is invalid: ${issue.message}.`,
    )
  }
  const config = { ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) }
  if (!config.APP_SECRET) {
    if (config.NODE_ENV === 'production') {
      throw new ConfigError(
        'APP_SECRET must be set (at least 32 characters) when NODE_ENV=production.',
      )
    }
    config.APP_SECRET = readOrCreateSecret(config.DATA_DIR)
  }
  return config
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'app-secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(dataDir, { recursive: true })
    const secret = randomBytes(48).toString('base64url')
    // 'wx' fails if another process created it first; then read theirs so both agree.
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
      return secret
    } catch {
      return readFileSync(file, 'utf8').trim()
    }
  }
}
