import type { NavItem } from '@stratum/layer-core/client'
import { LOGGING_ROUTES } from './routes.ts'

/** The consoles in the navigation; each names the permission its page needs. */
export const loggingNav: readonly NavItem[] = [
  {
    id: LOGGING_ROUTES.logs,
    labelKey: 'logging.nav.logs',
    to: { name: LOGGING_ROUTES.logs },
    icon: 'list',
    permission: 'logs.view',
    section: 'administration',
    order: 300,
  },
  {
    id: LOGGING_ROUTES.audit,
    labelKey: 'logging.nav.audit',
    to: { name: LOGGING_ROUTES.audit },
    icon: 'history',
    permission: 'audit.view',
    section: 'administration',
    order: 310,
  },
  {
    id: LOGGING_ROUTES.metrics,
    labelKey: 'logging.nav.metrics',
    to: { name: LOGGING_ROUTES.metrics },
    icon: 'chart',
    permission: 'metrics.view',
    section: 'administration',
    order: 320,
  },
]
