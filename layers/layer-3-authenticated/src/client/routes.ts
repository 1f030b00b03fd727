import type { RouteRecordRaw } from 'vue-router'

/** Name of the layout route every page of this layer is a child of. */
export const SHELL_ROUTE = 'authenticated.shell'

/**
 * The layer's pages, lazy chunks, inside the signed-in layout. A client's page and the new-client
 * page share one chunk: as two entries that both reach layer 1's shared schemas, they made the
 * bundler move zod and core's schemas into a chunk that runs before layer 1 sets zod's
 * `jitless` mode, and zod's `new Function` probe then broke the CSP (checked by the browser tests). Children keep absolute
 * paths (`/clients`), so the layout adds no URL segment. Access rules are in `meta`: the auth
 * guard reads `requiresAuth`, layer 2's permission guard reads `permission`. The layout draws
 * its own header and sidebar, so it sets core's `shell: 'app'` and the host leaves out its own.
 */
export const authenticatedRoutes: RouteRecordRaw[] = [
  {
    path: '/app',
    name: SHELL_ROUTE,
    component: () => import('./layout/AppShell.vue'),
    redirect: { name: 'authenticated.dashboard' },
    meta: { requiresAuth: true, shell: 'app' },
    children: [
      {
        path: '/dashboard',
        name: 'authenticated.dashboard',
        component: () => import('./pages/DashboardPage.vue'),
        meta: { titleKey: 'authenticated.dashboard.title' },
      },
      {
        path: '/clients',
        name: 'authenticated.clients',
        component: () => import('./pages/ClientsPage.vue'),
        meta: { permission: 'client.view', titleKey: 'authenticated.clients.title' },
      },
      {
        path: '/clients/new',
        name: 'authenticated.clientNew',
        component: () => import('./pages/ClientEditorPage.vue'),
        meta: { permission: 'client.create', titleKey: 'authenticated.clients.newTitle' },
      },
      {
        path: '/clients/:id',
        name: 'authenticated.client',
        component: () => import('./pages/ClientEditorPage.vue'),
        meta: { permission: 'client.view', titleKey: 'authenticated.clients.detailTitle' },
      },
      {
        path: '/projects',
        name: 'authenticated.projects',
        component: () => import('./pages/ProjectsPage.vue'),
        meta: { permission: 'project.view', titleKey: 'authenticated.projects.title' },
      },
      {
        path: '/projects/new',
        name: 'authenticated.projectNew',
        component: () => import('./pages/ProjectNewPage.vue'),
        meta: { permission: 'project.create', titleKey: 'authenticated.projects.newTitle' },
      },
      {
        path: '/projects/:id',
        name: 'authenticated.project',
        component: () => import('./pages/ProjectPage.vue'),
        meta: { permission: 'project.view', titleKey: 'authenticated.projects.detailTitle' },
      },
      {
        path: '/profile',
        name: 'authenticated.profile',
        component: () => import('./pages/ProfilePage.vue'),
        meta: { titleKey: 'authenticated.profile.title' },
      },
      {
        path: '/settings',
        name: 'authenticated.settings',
        component: () => import('./pages/SettingsPage.vue'),
        meta: { titleKey: 'authenticated.settings.title' },
      },
    ],
  },
]
