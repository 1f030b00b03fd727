import './zod-jitless.ts'
export * from './contract.ts'
export * from './api/api-client.ts'
export * from './api/api-error.ts'
export * from './api/core-api.ts'
export * from './api/use-api.ts'
export * from './i18n/app-i18n.ts'
export * from './i18n/detect-locale.ts'
export * from './i18n/document-locale.ts'
export * from './i18n/locale-formats.ts'
export { loadLocaleMessages } from './i18n/locale-loads.ts'
export * from './i18n/message-ast.ts'
export * from './i18n/message-overrides.ts'
export * from './theme/apply-theme.ts'
export * from './theme/theme-config.ts'
export * from './theme/theme-controller.ts'
export * from './stores/layers-store.ts'
export * from './stores/theme-store.ts'
export * from './stores/viewer-store.ts'
export * from './layout/lazy-app-shell.ts'
export * from './routes.ts'
export { coreClientLayer, coreClientLayer as clientLayer } from './core-layer.ts'
export { enUS as coreMessagesEnUS, type CoreMessages } from './messages/en-US.ts'
export {
  DEFAULT_LOCALE,
  LOCALES,
  SHIPPED_LOCALES,
  SOURCE_LOCALE,
  fallbackChain,
  type Locale,
  type LocaleCode,
  type LocaleInfo,
} from '../shared/locales.ts'
export type { LayerInfo, LayersResponse, MessageOverridesResponse } from '../shared/layers-api.ts'
export { defineManifest, type LayerDependency, type LayerManifest } from '../shared/manifest.ts'
export { default as AppHeader } from './components/AppHeader.vue'
export { default as ErrorView } from './components/ErrorView.vue'
export { default as LoadingState } from './components/LoadingState.vue'
export { default as LocaleSelect } from './components/LocaleSelect.vue'
export { default as LocaleFlag } from './components/LocaleFlag.vue'
