export {
  authenticatedClientLayer,
  authenticatedClientLayer as clientLayer,
} from './authenticated-layer.ts'
export * from './api/app-api.ts'
export * from './dashboard/dashboard-sections.ts'
export * from './routes.ts'
export * from './nav.ts'
export * from './stores/preferences-store.ts'
export * from './stores/tenant-settings-store.ts'
export { enUS as authenticatedMessagesEnUS, type AuthenticatedMessages } from './messages/en-US.ts'
