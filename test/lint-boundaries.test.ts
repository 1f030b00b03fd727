import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
let eslint: ESLint

/** Rule ids and messages ESLint reports for `code` as if it lived at `filePath`. */
const lint = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message }))
}

const restricted = async (filePath: string, code: string) =>
  (await lint(filePath, code)).filter((m) => m.ruleId === 'no-restricted-imports')

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

describe('layer boundaries (eslint.config.js)', () => {
  it('rejects a client file that imports pg', async () => {
    const found = await restricted(
      'layers/layer-9-demo/src/client/pages/use-db.ts',
      "import { Pool } from 'pg'\nexport const pool = new Pool()\n",
    )
    expect(found).toHaveLength(1)
    expect(found[0]?.message).toMatch(/'pg'.*Node-only package/)
  })

  it('rejects a server file that imports vue', async () => {
    const found = await restricted(
      'layers/layer-9-demo/src/server/routes.ts',
      "import { ref } from 'vue'\nexport const count = ref(0)\n",
    )
    expect(found).toHaveLength(1)
    expect(found[0]?.message).toMatch(/'vue'.*never imports Vue/)
  })

  it.each([
    [
      'host-frontend/src/main.ts',
      "import { readFileSync } from 'node:fs'\nexport { readFileSync }\n",
    ],
    ['themes/base/tokens.ts', "import Redis from 'ioredis'\nexport { Redis }\n"],
    ['layers/layer-9-demo/src/client/a.ts', "export { x } from '../server/x.ts'\n"],
    ['layers/layer-9-demo/src/client/b.ts', "export { y } from '@stratum/layer-auth/server'\n"],
    ['host-backend/src/c.ts', "import Page from './Page.vue'\nexport { Page }\n"],
    ['host-backend/src/d.ts', "export { e } from '@stratum/layer-core/src/server/router.ts'\n"],
    ['layers/layer-9-demo/src/shared/e.ts', "export { f } from '../client/f.ts'\n"],
    ['layers/layer-9-demo/src/shared/g.ts', "export { h } from '@stratum/layer-core/server'\n"],
  ])('rejects %s importing across a boundary', async (filePath, code) => {
    expect(await restricted(filePath, code)).toHaveLength(1)
  })

  it('allows imports that respect the boundaries', async () => {
    const cases: [string, string][] = [
      [
        'layers/layer-9-demo/src/client/ok.ts',
        "import { ref } from 'vue'\nimport { z } from 'zod'\nexport const s = ref(z.string())\n",
      ],
      [
        'layers/layer-9-demo/src/server/ok.ts',
        "import { Pool } from 'pg'\nexport const p = new Pool()\n",
      ],
      ['host-backend/src/ok.ts', "export * from '@stratum/layer-core/server'\n"],
      ['layers/layer-9-demo/src/shared/ok.ts', "export * from '@stratum/layer-core/shared'\n"],
    ]
    for (const [filePath, code] of cases) expect(await lint(filePath, code)).toEqual([])
  })
})
