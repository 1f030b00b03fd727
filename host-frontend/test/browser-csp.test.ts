import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFrontendConfig } from '../vite.config.ts'
import { hasChromium, launchChromium } from './browser-kit.ts'

// The policy the backend sends, with images tightened to 'self' only.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
}
const mail = {
  id: 'm1',
  from: 'Stratum <no-reply@stratum.localhost>',
  to: 'ana@example.com',
  subject: 'Seu código',
  text: 'Seu código é 123456.',
  html: '<p onclick="x()">Seu código é <b>123456</b></p><script>window.pwned = 1</script>',
  sentAt: '2026-01-02T03:04:05.000Z',
}

let outDir: string
let server: Server
let origin: string
let browser: Browser

/** Serves the built app like the backend does: strict CSP, SPA fallback, two core endpoints. */
function serve(dir: string): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('Content-Security-Policy', CSP)
    const json = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-ID': 'srv-1' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/api/core/layers') {
      return json({
        layers: [{ id: 'core', version: '0.1.0', priority: 0, dependsOn: [], prefix: null }],
        features: ['dev-mailbox'],
      })
    }
    if (url.pathname === '/api/core/dev/mailbox') return json({ messages: [mail] })
    const file = path.join(dir, path.normalize(url.pathname))
    const body = await readFile(file).catch(() => readFile(path.join(dir, 'index.html')))
    const type = TYPES[path.extname(file)] ?? 'text/html'
    res.writeHead(200, { 'Content-Type': existsSync(file) ? type : 'text/html' })
    res.end(body)
  })
}

describe.skipIf(!hasChromium())('built app in Chromium under a strict CSP', () => {
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'stratum-csp-'))
    await build({ ...createFrontendConfig({ outDir }), configFile: false, logLevel: 'silent' })
    server = serve(outDir)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
    await rm(outDir, { recursive: true, force: true })
  })

  it('boots, themes, translates and shows mail text with no CSP violation', async () => {
    const page = await browser.newPage({ locale: 'pt-PT' })
    const problems: string[] = []
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(e.message))
    // Page scripts are strings: this file is type-checked for Node, without DOM types.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) =>" +
        " console.error('CSP: ' + e.violatedDirective + ' ' + e.blockedURI))",
    )

    await page.goto(`${origin}/`, { waitUntil: 'networkidle' })
    await page.waitForSelector('[data-testid="landing"] h1:not(.is-loading)')
    expect((await page.textContent('h1'))?.trim()).toBe(
      'Seu trabalho e seus clientes em um só lugar',
    )
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR')
    const primary = await page.evaluate(
      "getComputedStyle(document.documentElement).getPropertyValue('--color-primary')",
    )
    expect(primary).toBe('#1d4ed8')
    const logo = await page.evaluate("document.querySelector('header img').src")
    expect(logo).toMatch(new RegExp(`^${origin}/assets/logo-.*\\.svg$`)) // a file, not a data: URL

    // Visitors see no app links in the header: the mailbox is opened by its address.
    await page.goto(`${origin}/dev/mailbox`)
    await page.waitForSelector('pre')
    expect(await page.textContent('pre')).toBe(mail.text)
    expect(await page.evaluate('window.pwned')).toBeUndefined()
    expect(await page.title()).toBe('Caixa de e-mails de desenvolvimento · Stratum')
    expect(problems).toEqual([])
    await page.close()
  })
})
