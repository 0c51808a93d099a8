// Debian's Chromium driven by playwright-core, one context (cookie jar) per person.
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import sharp from 'sharp'

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../screenshots')
/** The README's pictures (committed): written only when E2E_README_SCREENSHOTS=1, so a run leaves the checkout as it was. */
export const README_SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../docs/screenshots')

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export async function newPage({ browser, baseUrl }: { browser: Browser; baseUrl: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 1000 } })
  const page = await context.newPage()
  // Generous: Next dev (E2E_DEV=1) compiles chunks on first use, and CI machines are often shared.
  page.setDefaultTimeout(90_000)
  // In dev mode the first visit compiles the admin.
  page.setDefaultNavigationTimeout(180_000)
  return page
}

/** Saves a picture of the page as tests/e2e/screenshots/<name>.png; `readme`: also docs/screenshots/<readme>.png (see above). */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; readme?: string; clip?: { x: number; y: number; width: number; height: number } } = {},
): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  const picture = await page.screenshot({ path: file, fullPage: options.fullPage ?? false, clip: options.clip })
  if (options.readme && process.env.E2E_README_SCREENSHOTS === '1') {
    fs.mkdirSync(README_SCREENSHOT_DIR, { recursive: true })
    // A 256-colour palette keeps the committed pictures at a third of their size, with no visible difference for screens.
    await sharp(picture).png({ palette: true, compressionLevel: 9 }).toFile(path.join(README_SCREENSHOT_DIR, `${options.readme}.png`))
  }
  return file
}

/** Signs in through the admin's login form; the admin renders client-side, so wait for the form itself. */
export async function signIn({ page, email, password }: { page: Page; email: string; password: string }): Promise<void> {
  await page.goto('/admin/login', { waitUntil: 'commit' })
  await page.locator('input[name="email"]').waitFor({ timeout: 180_000 })
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.includes('/login'), { timeout: 120_000 })
}

/** On failure: a picture of every open page, named for the step that failed. */
export async function screenshotAll({ browser, name }: { browser: Browser; name: string }): Promise<void> {
  const pages = browser.contexts().flatMap((context) => context.pages())
  await Promise.all(pages.map((page, index) => screenshot(page, `${name}-${index + 1}`).catch(() => undefined)))
}
