// `node scripts/screenshots.mjs [port]`: the README's screenshots of each theme's landing page,
// taken with Debian's Chromium from a running `npm start` (default port 3000), into
// docs/screenshots/. Run it again after a theme or the landing page changes.
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { ROOT } from './lib/workspace.mjs'

const port = process.argv[2] ?? process.env.PORT ?? '3000'
const OUT = join(ROOT, 'docs', 'screenshots')
// Themes pick by subdomain; the bare host wears the default theme (base).
const HOSTS = [
  ['base', `localhost:${port}`],
  ['client-a', `client-a.localhost:${port}`],
  ['client-b', `client-b.localhost:${port}`],
]
// A README image stays small: one screen, no retina doubling.
const VIEWPORT = { width: 1280, height: 800 }
const MAX_BYTES = 150 * 1024

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
try {
  mkdirSync(OUT, { recursive: true })
  for (const [theme, host] of HOSTS) {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' })
    const response = await page.goto(`http://${host}/`, { waitUntil: 'networkidle' })
    if (!response?.ok()) throw new Error(`http://${host}/ answered ${response?.status()}`)
    // The landing page's Sign-in button shows once the theme's words have loaded.
    await page.getByTestId('landing-sign-in').first().waitFor()
    const file = join(OUT, `landing-${theme}.png`)
    await page.screenshot({ path: file })
    const { size } = statSync(file)
    console.log(`${file.slice(ROOT.length + 1)}  ${(size / 1024).toFixed(0)} KB`)
    if (size > MAX_BYTES)
      console.warn(`  larger than ${MAX_BYTES / 1024} KB: keep README images small`)
    await page.close()
  }
} catch (error) {
  console.error(`${error.message}\nIs \`npm start\` running on port ${port}?`)
  process.exitCode = 1
} finally {
  await browser.close()
}
