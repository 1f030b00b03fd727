export * from './logger.ts'
export * from './pglite-template.ts'
export * from './postgres.ts'
export * from './smtp.ts'
