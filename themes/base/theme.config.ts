import type { ThemeConfig } from '@stratum/layer-core/client'

/**
 * The base theme every other theme extends. Colour pairs meet WCAG AA: text colours reach 4.5:1
 * on both surface and background, and `border` and `focus-ring` reach 3:1 for controls.
 */
export default {
  name: 'base',
  title: 'Stratum',
  logo: new URL('./logo.svg', import.meta.url).href,
  favicon: new URL('./favicon.svg', import.meta.url).href,
  // The landing page's words, in every locale: loaded by that page only.
  landing: () => import('./landing.ts'),
  variables: {
    '--color-primary': '#1d4ed8',
    '--color-primary-hover': '#1e40af',
    '--color-on-primary': '#ffffff',
    '--color-background': '#f5f7fa',
    '--color-surface': '#ffffff',
    '--color-text': '#1f2937',
    '--color-muted': '#4b5563',
    '--color-danger': '#b91c1c',
    '--color-success': '#15803d',
    '--color-border': '#767f8c',
    '--color-border-subtle': '#e2e8f0',
    '--color-focus-ring': '#1d4ed8',

    '--font-family':
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
    '--font-family-mono':
      "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
    '--font-size-sm': '0.875rem',
    '--font-size-md': '1rem',
    '--font-size-lg': '1.25rem',
    '--font-size-xl': '1.5rem',
    '--font-size-2xl': '2rem',
    '--font-weight-bold': '600',
    '--line-height': '1.5',

    '--space-1': '0.25rem',
    '--space-2': '0.5rem',
    '--space-3': '0.75rem',
    '--space-4': '1rem',
    '--space-6': '1.5rem',
    '--space-8': '2rem',

    '--header-height': '3.5rem',
    '--sidebar-width': '16rem',
    '--content-max-width': '72rem',
    '--radius': '0.5rem',
    '--focus-ring-width': '3px',

    '--shadow-sm': '0 1px 2px rgb(15 23 42 / 0.08)',
    '--shadow-md': '0 4px 12px rgb(15 23 42 / 0.12)',
  },
} satisfies ThemeConfig
