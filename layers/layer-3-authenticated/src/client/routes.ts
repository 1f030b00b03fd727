import type { RouteRecordRaw } from 'vue-router'

/**
 * The layer's pages, lazy chunks, in core's app shell (`shell: 'app'`). A client's page and the
 * new-client page share one chunk: as two entries that both reach layer 1's shared schemas, they
 * made the bundler move zod and core's schemas into a chunk that runs before layer 1 sets zod's
 * `jitless` mode, and zod's `new Function` probe then broke the CSP (checked by the browser
 * tests). Access rules are in `meta`: the auth guard reads `requiresAuth`, layer 2's guards read
 * `permission` and `tenant` (every page here shows the current tenant's data). A person's profile and preferences are parts of My account (layer 1).
 */
export const authenticatedRoutes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'authenticated.dashboard',
    component: () => import('./pages/DashboardPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      requiresAuth: true,
      titleKey: 'authenticated.dashboard.title',
    },
  },
  {
    path: '/clients',
    name: 'authenticated.clients',
    component: () => import('./pages/ClientsPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'client.view',
      titleKey: 'authenticated.clients.title',
    },
  },
  {
    path: '/clients/new',
    name: 'authenticated.clientNew',
    component: () => import('./pages/ClientEditorPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'client.create',
      titleKey: 'authenticated.clients.newTitle',
    },
  },
  {
    path: '/clients/:id',
    name: 'authenticated.client',
    component: () => import('./pages/ClientEditorPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'client.view',
      titleKey: 'authenticated.clients.detailTitle',
    },
  },
  {
    path: '/projects',
    name: 'authenticated.projects',
    component: () => import('./pages/ProjectsPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'project.view',
      titleKey: 'authenticated.projects.title',
    },
  },
  {
    path: '/projects/new',
    name: 'authenticated.projectNew',
    component: () => import('./pages/ProjectNewPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'project.create',
      titleKey: 'authenticated.projects.newTitle',
    },
  },
  {
    path: '/projects/:id',
    name: 'authenticated.project',
    component: () => import('./pages/ProjectPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'project.view',
      titleKey: 'authenticated.projects.detailTitle',
    },
  },
  {
    // Whether this client may be edited depends on who created it: the page checks `can()`.
    path: '/clients/:id/edit',
    name: 'authenticated.clientEdit',
    component: () => import('./pages/ClientEditorPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'client.view',
      titleKey: 'authenticated.clients.edit',
    },
  },
  {
    path: '/projects/:id/edit',
    name: 'authenticated.projectEdit',
    component: () => import('./pages/ProjectPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'project.view',
      titleKey: 'authenticated.projects.edit',
    },
  },
  {
    path: '/reports',
    name: 'authenticated.reports',
    component: () => import('./pages/ReportsPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'report.view',
      titleKey: 'authenticated.reports.title',
    },
  },
  {
    path: '/settings',
    name: 'authenticated.settings',
    component: () => import('./pages/SettingsPage.vue'),
    meta: {
      shell: 'app',
      tenant: true,
      permission: 'settings.manage',
      titleKey: 'authenticated.settings.title',
    },
  },
  {
    // Old links to the profile lead to My account, which holds it now.
    path: '/profile',
    name: 'authenticated.profile',
    redirect: { name: 'auth.account' },
  },
]
