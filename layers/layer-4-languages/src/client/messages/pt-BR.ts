import type { LanguagesMessages } from './en-US.ts'

/** The languages layer's boot messages in pt-BR; the rest load with the console (`./console/`). */
export const ptBR: LanguagesMessages = {
  permissions: {
    i18n: {
      manage: 'Editar os textos para todos e gerenciar idiomas',
      'tenant-manage': 'Editar os textos próprios desta organização',
    },
  },
  permissionResources: { i18n: 'idiomas e textos' },
  nav: {
    console: 'Traduções',
  },
  wording: {
    toggle: 'Editar textos',
    hint: 'Clique em qualquer texto para alterá-lo.',
  },
}
