export {
  multitenantClientLayer,
  multitenantClientLayer as clientLayer,
} from './multitenant-layer.ts'
export * from './access/permission-guard.ts'
export * from './access/tenant-guard.ts'
export * from './access/use-can.ts'
export * from './api/tenant-api.ts'
export * from './api/admin-api.ts'
export * from './api/tenant-header.ts'
export type * from './api/types.ts'
export * from './nav/multitenant-nav.ts'
export * from './nav/visible-nav.ts'
export * from './stores/saved-tenant.ts'
export * from './stores/tenant-store.ts'
export { enUS as multitenantMessagesEnUS, type MultitenantMessages } from './messages/en-US.ts'
export { default as TenantSwitcher } from './components/TenantSwitcher.vue'
