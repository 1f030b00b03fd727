import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { launchChromium as launch } from '@stratum/host-frontend/test/browser-kit.ts'
import type { Page } from 'playwright-core'

export {
  CHROMIUM,
  hasChromium,
  rgb,
  theme,
  watchProblems,
} from '@stratum/host-frontend/test/browser-kit.ts'

/** Headless Chromium that resolves the theme subdomains (`client-a.localhost`) to the gateway. */
export const launchChromium = () =>
  // The gateway listens on 127.0.0.1 only; `*.localhost` could otherwise try ::1 first.
  launch(['--host-resolver-rules=MAP *.localhost 127.0.0.1'])

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
