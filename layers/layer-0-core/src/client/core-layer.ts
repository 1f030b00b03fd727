import { coreManifest } from '../shared/manifest-core.ts'
import { defineClientLayer } from './contract.ts'
import { setInstallAll } from './layout/install-all.ts'
import { enUS } from './messages/en-US.ts'
import { coreRoutes } from './routes.ts'
import { useLayersStore } from './stores/layers-store.ts'
import { useThemeStore } from './stores/theme-store.ts'
import { useViewerStore } from './stores/viewer-store.ts'

/**
 * Client half of layer 0: landing, the app shell every signed-in page renders in, dev mailbox,
 * shared stores and messages.
 */
export const coreClientLayer = defineClientLayer({
  manifest: coreManifest,
  routes: coreRoutes,
  stores: [useLayersStore, useThemeStore, useViewerStore],
  // Other locales load when the app runs in them: a visitor downloads one language, not three.
  messages: {
    'en-US': enUS,
    'pt-BR': () => import('./messages/pt-BR.ts').then((m) => m.ptBR),
    'es-ES': () => import('./messages/es-ES.ts').then((m) => m.esES),
  },
  // A theme may restyle it (client-b tints the sidebar).
  theme: { '--core-sidebar-background': 'var(--color-surface)' },
  nav: [
    {
      id: 'core.devMailbox',
      labelKey: 'core.nav.mailbox',
      to: { name: 'core.devMailbox' },
      icon: 'mail',
      section: 'administration',
      feature: 'dev-mailbox',
      order: 1000,
    },
  ],
  install(_app, _router, { installAllLayers }) {
    setInstallAll(installAllLayers)
  },
})
