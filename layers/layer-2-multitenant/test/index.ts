export * from './isolation-probes.ts'
export * from './tenancy-harness.ts'
export * from './role-grants.ts'
