import type { ThemeConfig } from '@stratum/layer-core/client'

/**
 * Client A: teal brand with its own header (a brand band over the actions). Colour pairs meet
 * WCAG AA like base's: text colours reach 4.5:1 on surface and background, controls 3:1.
 */
export default {
  name: 'client-a',
  extends: 'base',
  title: 'Client A',
  mail: { senderName: 'Client A' },
  logo: new URL('./logo.svg', import.meta.url).href,
  favicon: new URL('./favicon.svg', import.meta.url).href,
  // The landing page's words, in every locale: loaded by that page only.
  landing: () => import('./landing.ts'),
  variables: {
    '--color-primary': '#0f766e',
    '--color-primary-hover': '#115e59',
    '--color-on-primary': '#ffffff',
    '--color-background': '#f0fdfa',
    '--color-text': '#134e4a',
    '--color-muted': '#3f5f5b',
    '--color-border': '#5f8a85',
    '--color-border-subtle': '#c7ebe5',
    '--color-focus-ring': '#0f766e',
    '--radius': '0.25rem',
    '--header-height': '4rem',
  },
  // Loaded only when this theme is active; the shell hands it the working parts (see ClientAHeader).
  customComponents: {
    AppHeader: () => import('./components/ClientAHeader.vue'),
  },
} satisfies ThemeConfig
