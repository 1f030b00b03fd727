import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = () => existsSync(CHROMIUM)

/** Headless Chromium that resolves the theme subdomains (`client-a.localhost`) to the gateway. */
export const launchChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // The gateway listens on 127.0.0.1 only; `*.localhost` could otherwise try ::1 first.
      '--host-resolver-rules=MAP *.localhost 127.0.0.1',
    ],
  })

/**
 * Numbered full-page screenshots in `dir` (`01-login.png`, …), kept as test artifacts. The
 * folder is emptied first, so it shows one run only.
 * @returns `shot(page, name)`
 */
export async function screenshots(dir: string) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  let taken = 0
  return (page: Page, name: string) =>
    page.screenshot({
      path: path.join(dir, `${String(++taken).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    })
}

/** Collects uncaught page errors and CSP violations (the gateway's real policy); must stay empty. */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) =>" +
      " console.error('CSP: ' + e.violatedDirective + ' ' + e.blockedURI))",
  )
  page.on('console', (m) => m.text().startsWith('CSP:') && problems.push(m.text()))
  return problems
}

interface ThemeFile {
  default: { title: string; variables: Record<string, string> }
}

/** A theme's config, loaded by path so the server type-check does not follow it into client types. */
export const theme = async (name: string) =>
  (
    (await import(
      /* @vite-ignore */ fileURLToPath(
        new URL(`../../../themes/${name}/theme.config.ts`, import.meta.url),
      )
    )) as ThemeFile
  ).default

/** `#0f766e` → `rgb(15, 118, 110)`, as computed styles report colours. */
export const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`

/** What the login page shows of its brand: primary button colour, logo, title. */
export async function loginBrand(page: Page) {
  const logo = await page.getByTestId('auth-logo').getAttribute('src')
  return {
    // Strings, not functions: this file is type-checked for Node, without DOM types.
    primary: (await page.evaluate(
      `getComputedStyle(document.querySelector('.auth-form button[type="submit"]')).backgroundColor`,
    )) as string,
    // The browser fetches: the logo must come through the gateway like any asset.
    logoSvg: (await page.evaluate(
      `fetch(${JSON.stringify(logo)}).then((r) => r.text())`,
    )) as string,
    title: await page.title(),
  }
}
