import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

/**
 * Two projects: `node` for servers, registry, build checks and browser tests; `client` for Vue
 * components and client code under happy-dom.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'layers/*/src/shared/**/*.test.ts',
            'layers/*/src/server/**/*.test.ts',
            'layers/*/test/**/*.test.ts',
            'host-backend/**/*.test.ts',
            'host-frontend/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'client',
          environment: 'happy-dom',
          include: ['layers/*/src/client/**/*.test.ts', 'host-frontend/src/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
        },
      },
    ],
  },
})
