import { coreManifest } from '../shared/manifest-core.ts'
import { defineClientLayer } from './contract.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { coreRoutes } from './routes.ts'
import { useLayersStore } from './stores/layers-store.ts'
import { useThemeStore } from './stores/theme-store.ts'

/** Client half of layer 0: landing, dev mailbox, shared stores and messages. */
export const coreClientLayer = defineClientLayer({
  manifest: coreManifest,
  routes: coreRoutes,
  stores: [useLayersStore, useThemeStore],
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  nav: [
    {
      id: 'core.home',
      labelKey: 'core.nav.home',
      to: { name: 'core.landing' },
      icon: 'home',
      order: 0,
    },
    {
      id: 'core.devMailbox',
      labelKey: 'core.nav.mailbox',
      to: { name: 'core.devMailbox' },
      icon: 'mail',
      feature: 'dev-mailbox',
      order: 1000,
    },
  ],
})
