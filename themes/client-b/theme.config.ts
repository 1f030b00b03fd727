import type { ThemeConfig } from '@stratum/layer-core/client'

/**
 * Client B: purple brand, rounder corners and a tinted sidebar (a layer token it overrides,
 * which works because child themes apply after the layers' tokens). Colour pairs meet WCAG AA.
 */
export default {
  name: 'client-b',
  extends: 'base',
  title: 'Client B',
  mail: { senderName: 'Client B' },
  logo: new URL('./logo.svg', import.meta.url).href,
  favicon: new URL('./favicon.svg', import.meta.url).href,
  // The landing page's words, in every locale: loaded by that page only.
  landing: () => import('./landing.ts'),
  variables: {
    '--color-primary': '#7e22ce',
    '--color-primary-hover': '#6b21a8',
    '--color-on-primary': '#ffffff',
    '--color-background': '#faf5ff',
    '--color-text': '#2e1065',
    '--color-muted': '#5b4a70',
    '--color-border': '#8a7a9e',
    '--color-border-subtle': '#e9d5ff',
    '--color-focus-ring': '#7e22ce',
    '--radius': '0.875rem',
    '--core-sidebar-background': '#f3e8ff',
  },
} satisfies ThemeConfig
