import { createDatabase, createLogger, loadPlatformConfig } from '@stratum/host-backend'
import { ALL_SCOPE, auditChains, verifyAuditChain } from '../audit-chain.ts'

/**
 * `pnpm audit:verify [tenant-id]`: walks every audit hash chain (or one tenant's) and names the
 * first changed or removed row. Exits 1 when a chain is broken.
 */
async function run(): Promise<void> {
  const config = loadPlatformConfig()
  const database = await createDatabase(config, createLogger(config.LOG_LEVEL))
  try {
    const only = process.argv[2]
    const chains = only ? [only] : await auditChains(database)
    let broken = 0
    for (const tenantId of chains) {
      const result = await database.withSettings(ALL_SCOPE, (trx) =>
        verifyAuditChain(trx, tenantId),
      )
      const name = tenantId ?? 'platform'
      if (result.ok) {
        console.log(`${name}: ok, ${result.checked} row(s)`)
      } else {
        broken++
        console.log(
          `${name}: BROKEN after ${result.checked} row(s): row ${result.firstBroken?.id} was ${result.firstBroken?.reason}`,
        )
      }
    }
    if (broken > 0) process.exitCode = 1
  } finally {
    await database.close()
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
