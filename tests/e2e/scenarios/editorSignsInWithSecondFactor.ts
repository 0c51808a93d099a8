// An editor sets up two-factor sign-in in Chromium: an authenticator app (scanning is replaced by reading the key
// shown beside the QR code), then signs in again with the password and a code; then adds a passkey on Chromium's
// virtual authenticator and signs in with the passkey alone.
import assert from 'node:assert/strict'

import * as OTPAuth from 'otpauth'

import { newPage, screenshot } from '../lib/browser'
import type { ScenarioContext } from '../lib/scenario'

const codeFor = (secret: string, timestamp: number) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp })

export async function editorSignsInWithSecondFactor({ browser, baseUrl, rest, staff: { admin }, step }: ScenarioContext<'admin'>) {
  // An editor of its own: the other scenarios' editor keeps signing in with a password alone.
  const editor = { name: 'Tove Two-Factor', email: 'two-factor-editor@example.com', password: 'correct-horse-two-factor', role: 'editor' }
  const created = await rest.call<{ doc?: { id: number } }>({ method: 'POST', path: '/api/users', token: admin.token, body: editor })
  assert.equal(created.status, 201, `creating the editor answered ${created.status}`)

  const page = await newPage({ browser, baseUrl })
  let secret = ''
  let recoveryCodes: string[] = []

  const signInWithPassword = async () => {
    await page.goto('/sign-in?redirect=/enrol')
    await page.locator('#email').fill(editor.email)
    await page.locator('#password').fill(editor.password)
    await page.locator('#password-step button[type="submit"]').click()
  }

  await step('the editor signs in with the password and sets up an authenticator app from the QR code', async () => {
    await signInWithPassword()
    await page.waitForURL((url) => url.pathname === '/enrol')
    await page.locator('#status', { hasText: /not set up yet/ }).waitFor()
    await page.locator('#start-authenticator').click()
    await page.locator('#qr[src^="data:image/png"]').waitFor()
    secret = (await page.locator('#secret').textContent()) ?? ''
    assert.match(secret, /^[A-Z2-7]{32}$/)
    await page.locator('#code').fill(codeFor(secret, Date.now()))
    await page.locator('#confirm-authenticator button[type="submit"]').click()
    await page.locator('#recovery-codes li').nth(9).waitFor()
    recoveryCodes = await page.locator('#recovery-codes li').allTextContents()
    await page.locator('#status', { hasText: /Two-factor sign-in is on/ }).waitFor()
    await screenshot(page, 'two-factor-enrolled')
  })

  await step('signed out, the password alone is not enough: the second step asks for the code, and the code signs in', async () => {
    await page.context().clearCookies()
    await signInWithPassword()
    await page.locator('#code-step').waitFor({ state: 'visible' })
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    await page.locator('#code-step #code').fill('000000' === codeFor(secret, Date.now() + 30_000) ? '111111' : '000000')
    await page.locator('#code-step button[type="submit"]').click()
    await page.locator('#message', { hasText: /wrong, expired or already used/ }).waitFor()
    // The next step's code: the enrolment used this step's.
    await page.locator('#code-step #code').fill(codeFor(secret, Date.now() + 30_000))
    await page.locator('#code-step button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === '/enrol')
    await page.locator('#status', { hasText: /Two-factor sign-in is on/ }).waitFor()
  })

  await step('the editor adds a passkey on Chromium’s virtual authenticator and signs in with it alone', async () => {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })
    // Changing an enrolled account's factors asks for one of them first.
    await page.locator('#current-code').fill(recoveryCodes[0])
    await page.locator('#passkey-name').fill('Desk laptop')
    await page.locator('#add-passkey').click()
    await page.locator('#passkey-list li', { hasText: 'Desk laptop' }).waitFor()
    await page.context().clearCookies()
    await page.goto('/sign-in?redirect=/enrol')
    await page.locator('#passkey-alone').click()
    await page.waitForURL((url) => url.pathname === '/enrol')
    await page.locator('#status', { hasText: /Two-factor sign-in is on/ }).waitFor()
    await screenshot(page, 'two-factor-passkey-signed-in')
  })

  await step('the signed-in editor reaches the admin, which links to the enrolment screen', async () => {
    await page.goto('/admin', { waitUntil: 'commit' })
    await page.locator('[data-testid="two-factor-enrolment-link"]').first().waitFor({ timeout: 180_000 })
  })
  await page.context().close()
}
