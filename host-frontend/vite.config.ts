import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type UserConfig } from 'vite'
import {
  stratumBundleGuard,
  stratumLayers,
  stratumPrecompileMessages,
  stratumPrecompress,
} from './build/index.ts'

const SHARED_MODULE = /[\\/]layers[\\/]layer-[^\\/]+[\\/]src[\\/]shared[\\/][^\\/]+\.ts$/
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
      stratumPrecompileMessages(),
      stratumBundleGuard(),
      stratumPrecompress(),
    ],
    define: {
      // vue-i18n: composition API only, no devtools hooks in production, and no message compiler:
      // the layers' messages are precompiled to ASTs at build time and strings fetched at run
      // time are compiled by core's small `message-ast.ts` (no eval either way). No global
      // <i18n-t>/<i18n-d>/<i18n-n> or v-t (none is used; import `Translation` where one is needed).
      __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
      // Vue without the Options API (every component is <script setup> or a render function):
      // about 1 KB gzip off every page.
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
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
        treeshake: {
          // Layers' `shared/` modules declare constants, zod schemas and types, with no effect on
          // load: one whose exports go unused is dropped. Otherwise importing a manifest through
          // a shared entry (`defineManifest` from core's) runs every schema module that entry
          // re-exports, and zod comes with it on the login page.
          // Every other module keeps its package.json `sideEffects` (undefined = the default).
          moduleSideEffects: (id: string) => (SHARED_MODULE.test(id) ? false : undefined),
        },
        output: {
          // Everything the entry imports statically goes in one chunk. Left to itself, rolldown
          // splits the modules that lazy chunks share with the entry (Vue's runtime, vue-i18n,
          // pinia, the layers store) into chunks of their own: more requests on the first load,
          // and gzip compresses one file better than several.
          codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
        },
        // No `strictExecutionOrder` (its per-module wrappers cost about 3 KB gzip on the first
        // load): core's zod `jitless` flag no longer imports zod, it sets zod's global config in
        // the entry chunk, which runs before any chunk that builds a schema can load (they are
        // all lazy: layer halves, forms). The browser tests check the CSP stays clean.
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
