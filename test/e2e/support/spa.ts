import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

const FRONTEND = path.resolve(import.meta.dirname, '../../../host-frontend')

/**
 * Builds the SPA for production into `outDir`, as `pnpm build` does into host-frontend/dist, in a
 * child process: vitest's NODE_ENV=test would otherwise keep Vue's development build. A temp folder
 * rather than host-frontend/dist, so a run never serves, or leaves behind, a stale build.
 */
export async function buildSpa(outDir: string): Promise<void> {
  const vite = path.join(FRONTEND, 'node_modules', '.bin', 'vite')
  try {
    await promisify(execFile)(
      vite,
      ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
      { cwd: FRONTEND, env: { ...process.env, NODE_ENV: 'production' }, timeout: 60_000 },
    )
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string }
    throw new Error(`The SPA build failed: ${(stderr || message).trim()}`)
  }
}
