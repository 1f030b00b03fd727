/**
 * The languages layer's messages every page needs, in en-US (the typed source): its nav entry
 * and the header's switch. The console's and the editor's texts load with their lazy chunks
 * (`./console/`), which keeps this layer's boot chunk small.
 */
export const enUS = {
  permissions: {
    i18n: {
      manage: 'Edit the wording for everyone and manage languages',
      'tenant-manage': 'Edit this tenant’s own wording',
    },
  },
  permissionResources: { i18n: 'languages and wording' },
  nav: {
    console: 'Translations',
  },
  wording: {
    toggle: 'Edit wording',
    hint: 'Click any text to change it.',
  },
}

export type LanguagesMessages = typeof enUS
