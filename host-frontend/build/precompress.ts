import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Files worth compressing: text. Images other than SVG and fonts are compressed already. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/

/** Options of {@link stratumPrecompress}. */
export interface PrecompressOptions {
  /** Smaller files are left alone: the headers would cost more than the bytes saved. @default 512 */
  minBytes?: number
}

/** Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) next to `file` when they are smaller. */
export async function precompressFile(file: string, minBytes = 512): Promise<void> {
  const body = await readFile(file)
  if (body.length < minBytes) return
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipAsync(body, { level: 9 }),
  ])
  await Promise.all([
    br.length < body.length ? writeFile(`${file}.br`, br) : undefined,
    gz.length < body.length ? writeFile(`${file}.gz`, gz) : undefined,
  ])
}

/**
 * Compresses the built text files once, at build time, with brotli and gzip at their highest
 * levels (too slow to do per request), so the backend's static server sends them as they are.
 */
export function stratumPrecompress(options: PrecompressOptions = {}): Plugin {
  return {
    name: 'stratum:precompress',
    apply: 'build',
    async writeBundle(output, bundle) {
      const dir = output.dir ?? path.dirname(output.file ?? '')
      // The build manifest (`.vite/`) is for tools, never served.
      const files = Object.keys(bundle).filter((n) => COMPRESSIBLE.test(n) && !n.startsWith('.'))
      await Promise.all(
        files.map((name) => precompressFile(path.join(dir, name), options.minBytes)),
      )
    },
  }
}
