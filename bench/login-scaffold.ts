import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'

const root = path.resolve(import.meta.dirname, '..')

/**
 * A bare Vite + Vue + vue-router + pinia + vue-i18n app, as `npm create vue` with those options
 * and vue-i18n's defaults would give, with a login page of the same shape as ours (heading with
 * a placeholder, email field, button, a store): the baseline of the login page's JavaScript.
 */
const FILES: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Scaffold</title>
  </head>
  <body>
    <div id="app"></div>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`,
  'src/main.ts': `import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'

const i18n = createI18n({
  legacy: false,
  locale: 'en-US',
  messages: {
    'en-US': {
      home: 'Home',
      login: {
        heading: 'Sign in to {app}',
        email: 'Email address',
        submit: 'Send me a code',
        invalid: 'Enter a valid email address.',
      },
    },
  },
})
const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: () => import('./views/HomeView.vue') },
    { path: '/login', component: () => import('./views/LoginView.vue') },
  ],
})
createApp(App).use(createPinia()).use(router).use(i18n).mount('#app')
`,
  'src/App.vue': `<script setup lang="ts">
import { RouterLink, RouterView } from 'vue-router'
import { useI18n } from 'vue-i18n'

const { t } = useI18n()
</script>

<template>
  <header>
    <nav><RouterLink to="/">{{ t('home') }}</RouterLink></nav>
  </header>
  <main><RouterView /></main>
</template>
`,
  'src/stores/session.ts': `import { defineStore } from 'pinia'
import { ref } from 'vue'

export const useSessionStore = defineStore('session', () => {
  const email = ref('')
  const sent = ref(false)
  function requestCode(address: string) {
    email.value = address
    sent.value = true
  }
  return { email, sent, requestCode }
})
`,
  'src/views/HomeView.vue': `<template><h1>Home</h1></template>
`,
  'src/views/LoginView.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '../stores/session'

const { t } = useI18n()
const session = useSessionStore()
const email = ref('')
const invalid = ref(false)
function submit() {
  invalid.value = !/^[^@\\s]+@[^@\\s]+$/.test(email.value)
  if (!invalid.value) session.requestCode(email.value)
}
</script>

<template>
  <h1>{{ t('login.heading', { app: 'Scaffold' }) }}</h1>
  <form novalidate @submit.prevent="submit">
    <label for="email">{{ t('login.email') }}</label>
    <input id="email" v-model="email" type="email" autocomplete="email" />
    <p v-if="invalid" role="alert">{{ t('login.invalid') }}</p>
    <button type="submit">{{ t('login.submit') }}</button>
  </form>
</template>
`,
}

/**
 * Writes the scaffold into a temp folder whose `node_modules` is the frontend host's (the same
 * versions of vue, vue-router, pinia and vue-i18n), builds it for production with the same Vite
 * and Vue plugin, and returns the folder of the build.
 */
export async function buildScaffold(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stratum-scaffold-'))
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), text)
  }
  await symlink(path.join(root, 'host-frontend', 'node_modules'), path.join(dir, 'node_modules'))
  const outDir = path.join(dir, 'dist')
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [vue()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, manifest: true, emptyOutDir: true },
  })
  return outDir
}
