// ESLint flat config: TypeScript and Vue, no formatting rules (Prettier formats), and the layer
// boundaries of STYLE.md enforced with `no-restricted-imports`.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Code that runs in the browser: layer client halves, the SPA host, themes. */
const CLIENT_FILES = ['layers/*/src/client/**', 'host-frontend/src/**', 'themes/**']
/** Theme tests run under Node (tsconfig.server.json), so they are not client code. */
const CLIENT_EXCEPTIONS = ['themes/*/test/**']
/** Code that runs only on the server. */
const SERVER_FILES = ['layers/*/src/server/**', 'host-backend/**']
/** Client tests run in Node under vitest and are never bundled: they may use Node built-ins. */
const CLIENT_TESTS = CLIENT_FILES.map((glob) => `${glob}/*.test.ts`)
/** Manifests, schemas and types that run anywhere. */
const SHARED_FILES = ['layers/*/src/shared/**']

const restrict = (regex, message) => ({ regex, message })

const DEEP_IMPORTS = [
  restrict(
    '^@stratum/[^/]+/src(/|$)',
    "Import another layer through its public entries ('@stratum/layer-x/shared|server|client'), not its src/.",
  ),
  restrict(
    '(^|/)layer-\\d+-[a-z0-9-]+/src(/|$)',
    "Import another layer through its package name ('@stratum/layer-x/shared|server|client'), not a relative path.",
  ),
]

const NODE_PACKAGES = [
  restrict(
    '^(pg|ioredis|winston|nodemailer|kysely|kysely-pglite-dialect|@electric-sql/pglite|@hono/node-server|smtp-server)(/.*)?$',
    'Node-only package: this code also runs in the browser. Move the code to a server half.',
  ),
]
const NODE_BUILTINS = [restrict('^node:', 'Node built-in: this code also runs in the browser.')]

const SERVER_CODE = [
  restrict(
    '^@stratum/[^/]+/server(/.*)?$',
    'Server entry of a layer: not allowed outside server code.',
  ),
  restrict('(^|/)src/server(/|$)', 'Server code: not allowed outside server code.'),
  restrict('^(\\.\\./)+server(/|$)', 'Server code: not allowed outside server code.'),
]

const CLIENT_CODE = [
  restrict(
    '^@stratum/[^/]+/client(/.*)?$',
    'Client entry of a layer: not allowed outside client code.',
  ),
  restrict('(^|/)src/client(/|$)', 'Client code: not allowed outside client code.'),
  restrict('^(\\.\\./)+client(/|$)', 'Client code: not allowed outside client code.'),
]

const VUE = [
  restrict(
    '^(vue|vue-router|pinia|vue-i18n|@vue/.+|@vitejs/plugin-vue)(/.*)?$',
    'Vue belongs to client halves: the server never imports Vue.',
  ),
  restrict('\\.vue$', 'Vue component: the server never imports Vue.'),
]

/** One `no-restricted-imports` entry: flat config replaces (not merges) a rule's options. */
const boundary = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
})

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '**/.data/**',
    '**/coverage/**',
    '**/test-artifacts/**',
    // Deliberately broken inputs for the bundle-guard tests.
    '**/test/fixtures/**',
    '.stratum/**',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  // Prettier owns formatting: turn off every layout rule of eslint-plugin-vue.
  vue.configs['no-layout-rules'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': ['error', { ignores: ['App'] }],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },
  {
    files: [...CLIENT_FILES, '**/*.vue'],
    ignores: CLIENT_EXCEPTIONS,
    languageOptions: { globals: { ...globals.browser } },
  },
  // Everything: no deep imports into a layer.
  boundary(['**/*.{ts,mts,cts,js,mjs,vue}'], DEEP_IMPORTS),
  boundary(
    CLIENT_FILES,
    [...DEEP_IMPORTS, ...NODE_PACKAGES, ...NODE_BUILTINS, ...SERVER_CODE],
    CLIENT_EXCEPTIONS,
  ),
  boundary(CLIENT_TESTS, [...DEEP_IMPORTS, ...NODE_PACKAGES, ...SERVER_CODE], CLIENT_EXCEPTIONS),
  boundary(SERVER_FILES, [...DEEP_IMPORTS, ...VUE, ...CLIENT_CODE]),
  boundary(SHARED_FILES, [
    ...DEEP_IMPORTS,
    ...NODE_PACKAGES,
    ...NODE_BUILTINS,
    ...SERVER_CODE,
    ...CLIENT_CODE,
  ]),
)
