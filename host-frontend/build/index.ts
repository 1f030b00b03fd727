export * from './bundle-guard.ts'
export * from './discover-layers.ts'
export * from './layers-plugin.ts'
export * from './load-registry.ts'
