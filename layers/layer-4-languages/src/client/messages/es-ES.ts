import type { LanguagesMessages } from './en-US.ts'

/** The languages layer's boot messages in es-ES; the rest load with the console (`./console/`). */
export const esES: LanguagesMessages = {
  permissions: {
    i18n: {
      manage: 'Editar los textos para todos y gestionar idiomas',
      'tenant-manage': 'Editar los textos propios de esta organización',
    },
  },
  permissionResources: { i18n: 'idiomas y textos' },
  nav: {
    console: 'Traducciones',
  },
  wording: {
    toggle: 'Editar textos',
    hint: 'Haz clic en cualquier texto para cambiarlo.',
  },
}
