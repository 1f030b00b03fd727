import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type UserConfig } from 'vite'
import { stratumBundleGuard, stratumLayers } from './build/index.ts'

const hostDir = fileURLToPath(new URL('.', import.meta.url))
const workspaceRoot = fileURLToPath(new URL('..', import.meta.url))

/** Options of {@link createFrontendConfig}, for tests and tools that build the host. */
export interface FrontendConfigOptions {
  /** @default '<workspace>/layers.config.ts' */
  layersConfigFile?: string
  /** @default 'host-frontend/dist' */
  outDir?: string
}

/** The frontend host's Vite configuration. */
export function createFrontendConfig(options: FrontendConfigOptions = {}): UserConfig {
  const backend = `http://127.0.0.1:${process.env.BACKEND_PORT ?? 3000}`
  return {
    root: hostDir,
    plugins: [
      vue(),
      stratumLayers({ root: workspaceRoot, configFile: options.layersConfigFile }),
      stratumBundleGuard(),
    ],
    define: {
      // vue-i18n: composition API only, no devtools hooks in production; JIT compilation (no eval).
      __VUE_I18N_FULL_INSTALL__: 'true',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    server: {
      proxy: {
        '^/api(?:/|$)': { target: backend, changeOrigin: false },
        '^/health(?:/|$)': { target: backend, changeOrigin: false },
      },
    },
    build: {
      outDir: options.outDir ?? fileURLToPath(new URL('./dist', import.meta.url)),
      emptyOutDir: true,
      manifest: true,
      // Logos and icons stay files: a strict CSP (`img-src 'self'`) refuses data: URLs.
      assetsInlineLimit: 0,
      rolldownOptions: {
        // Modules run in import order even across chunks, so core's zod `jitless` setting runs
        // before any layer builds a schema (otherwise zod's eval probe trips the strict CSP).
        output: { strictExecutionOrder: true },
        onwarn(warning, warn) {
          // Core's client half is imported statically by the host and, like every layer, by
          // `virtual:stratum/layers`; it belongs in the entry chunk, so this warning is expected.
          const expected =
            warning.code === 'INEFFECTIVE_DYNAMIC_IMPORT' &&
            warning.message.includes('layer-0-core/src/client/index.ts')
          if (!expected) warn(warning)
        },
      },
    },
  }
}

export default defineConfig(createFrontendConfig())
