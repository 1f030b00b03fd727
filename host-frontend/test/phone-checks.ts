import { createRequire } from 'node:module'
import type { BrowserContext, Locator, Page } from 'playwright-core'

/**
 * What the layers' browser tests ask of a page on a phone and on a desktop: no sideways scroll,
 * lists as cards, actions on screen, axe-core clean, on every theme.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** Each theme by the host that shows it (the subdomain names the theme). */
export const THEME_HOSTS = [
  ['base', 'localhost'],
  ['client-a', 'client-a.localhost'],
  ['client-b', 'client-b.localhost'],
] as const

/** The widths issue 17 names: a phone and a desktop. */
export const SIZES = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
] as const

/** Gives every theme host the session `origin` holds: cookies are per host. */
export async function shareSession(context: BrowserContext, origin: string): Promise<void> {
  const { port, hostname } = new URL(origin)
  const cookies = await context.cookies(origin)
  for (const [, host] of THEME_HOSTS) {
    if (host === hostname) continue
    await context.addCookies(
      cookies.map(({ domain: _domain, path, ...cookie }) => ({
        ...cookie,
        url: `http://${host}:${port}${path}`,
      })),
    )
  }
}

/**
 * What axe-core finds serious or critical on the page, as `rule: selector` lines. The page's
 * context must be created with `bypassCSP: true`, or the strict CSP blocks the injected script.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    await page.addScriptTag({ path: AXE })
  }
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))",
  )) as { id: string; impact: string; nodes: string[] }[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.join(', ')}`)
}

/**
 * Whether the document scrolls sideways once layout has settled: asked again for up to 3 s,
 * since a loaded machine lays out a resized window a few frames late.
 */
export async function scrollsSideways(page: Page): Promise<boolean> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const fits = await page.evaluate(
      'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
    )
    if (fits) return false
    await page.waitForTimeout(100)
  }
  return true
}

/** How a list is laid out now, from its computed styles. */
export interface ListShape {
  /** The table's `display`: `table` on a desktop, `block` when its rows are cards. */
  readonly display: string
  /** Whether the header row is clipped out of sight (it stays for screen readers). */
  readonly headHidden: boolean
  readonly rows: number
  /** Rows laid out as a card (a grid with a border). */
  readonly cards: number
  /** Cells that show no column name in card layout (no `data-label`), by their text. */
  readonly unlabelled: readonly string[]
  /** Whether the table has a caption or an accessible name. */
  readonly named: boolean
}

/** The layout of `table` (a `<table>`), for checking that its rows turned into cards. */
export const listShape = (table: Locator): Promise<ListShape> =>
  table.evaluate((el) => {
    const style = (node: typeof el) => node.ownerDocument.defaultView!.getComputedStyle(node)
    const rows = [...el.querySelectorAll<typeof el>(':scope > tbody > tr')]
    const head = el.querySelector(':scope > thead')
    const cells = rows.flatMap((row) => [...row.querySelectorAll(':scope > td')])
    return {
      display: style(el).display,
      headHidden: head === null || head.getBoundingClientRect().width <= 1,
      rows: rows.length,
      cards: rows.filter((row) => {
        const { display, borderTopStyle } = style(row)
        return display === 'grid' && borderTopStyle !== 'none'
      }).length,
      unlabelled: cells
        .filter(
          (cell) =>
            !cell.hasAttribute('data-label') &&
            !cell.hasAttribute('colspan') &&
            (cell.textContent ?? '').trim() !== '',
        )
        .map((cell) => (cell.textContent ?? '').trim()),
      named: el.querySelector(':scope > caption') !== null || el.hasAttribute('aria-label'),
    }
  })

/**
 * Whether `target` is visible, wholly inside the window's width, and would take a click (no
 * other element covers it): a `trial` click performs the checks and skips the click.
 */
export async function reachable(page: Page, target: Locator): Promise<boolean> {
  await target.scrollIntoViewIfNeeded()
  const box = await target.boundingBox()
  const width = page.viewportSize()?.width ?? 0
  if (!box || box.x < 0 || box.x + box.width > width) return false
  return target
    .click({ trial: true, timeout: 2000 })
    .then(() => true)
    .catch(() => false)
}

/** One page load of {@link visitEveryTheme}. */
export interface ThemeVisit {
  readonly theme: string
  readonly size: 'phone' | 'desktop'
  readonly path: string
  /** `<theme> <size> <path>`, for assertion messages. */
  readonly where: string
}

/**
 * Opens each of `paths` on every theme's host at both sizes, after giving those hosts the
 * page's session. After each load, `ready` waits for the page and checks what is its own; then
 * sideways scroll and axe-core findings are noted and `shot` takes a screenshot. Returns the
 * problems found, as `where: what` lines.
 */
export async function visitEveryTheme(
  page: Page,
  origin: string,
  paths: readonly string[],
  ready: (visit: ThemeVisit) => Promise<void>,
  shot: (page: Page, name: string) => Promise<unknown>,
): Promise<string[]> {
  await shareSession(page.context(), origin)
  const port = new URL(origin).port
  const problems: string[] = []
  for (const [theme, host] of THEME_HOSTS) {
    for (const [size, viewport] of SIZES) {
      await page.setViewportSize(viewport)
      for (const path of paths) {
        const where = `${theme} ${size} ${path}`
        await page.goto(`http://${host}:${port}${path}`)
        await ready({ theme, size, path, where })
        if (await scrollsSideways(page)) problems.push(`${where}: scrolls sideways`)
        problems.push(...(await seriousViolations(page)).map((v) => `${where}: axe ${v}`))
        // The last path segment names the shot; a query (`?userId=…`) becomes plain characters.
        const name = path
          .split('/')
          .pop()!
          .replace(/[^\w-]+/g, '-')
        await shot(page, `${name}-${theme}-${size}`)
      }
    }
  }
  return problems
}
