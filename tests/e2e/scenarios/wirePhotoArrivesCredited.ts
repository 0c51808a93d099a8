// An editor uploads a wire photo in the admin; its embedded IPTC metadata (written here by ExifTool, as agency
// tools write it) prefills the alt text and the credit, matched to the credit already on file.
import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ExifTool } from 'exiftool-vendored'
import sharp from 'sharp'

import { newPage, screenshot, signIn } from '../lib/browser'
import type { ScenarioContext } from '../lib/scenario'

const FILENAME = 'grozny-rally-wire.jpg'
const ALT = 'A man in a dark suit speaks into a microphone in front of a crowd.'
const CREDIT_LINE = 'Photo by Alexander Nemenov/AFP/Getty Images.'

async function wirePhoto(): Promise<Buffer> {
  const exiftool = new ExifTool({ maxProcs: 1 })
  const file = path.join(os.tmpdir(), `e2e-${process.pid}-${FILENAME}`)
  try {
    await fs.writeFile(file, await sharp({ create: { width: 800, height: 533, channels: 3, background: { r: 90, g: 60, b: 40 } } }).jpeg().toBuffer())
    const tags = {
      'XMP-dc:Creator': ['Alexander Nemenov'],
      'XMP-photoshop:Credit': 'AFP Getty Images',
      'XMP-iptcCore:AltTextAccessibility': ALT,
      'IPTC:By-line': 'Alexander Nemenov',
      'IPTC:Credit': 'AFP/Getty Images',
      'IPTC:Caption-Abstract': 'Chechen leader Ramzan Kadyrov at a rally in Grozny.',
    }
    await exiftool.write(file, tags as never, { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] })
    return await fs.readFile(file)
  } finally {
    await exiftool.end()
    await fs.rm(file, { force: true })
  }
}

export async function wirePhotoArrivesCredited({ browser, baseUrl, rest, staff, step }: ScenarioContext<'editor'>): Promise<void> {
  const { editor } = staff
  let creditId = 0

  await step('the newsroom already credits Alexander Nemenov of AFP/Getty Images', async () => {
    const agencies: number[] = []
    for (const name of ['AFP', 'Getty Images']) {
      const existing = await rest.call<{ docs: { id: number }[] }>({ path: `/api/organizations?where[name][equals]=${encodeURIComponent(name)}&depth=0`, token: editor.token })
      const created = existing.json.docs[0]
        ? existing.json.docs[0]
        : (await rest.call<{ doc: { id: number } }>({ method: 'POST', path: '/api/organizations', token: editor.token, body: { name, kind: 'news-agency' } })).json.doc
      agencies.push(created.id)
    }
    const credit = await rest.call<{ doc: { id: number; creditLine: string } }>({
      method: 'POST',
      path: '/api/photo-credits',
      token: editor.token,
      body: { photographer: 'Alexander Nemenov', agencies, license: 'agency' },
    })
    assert.equal(credit.status, 201, `creating the credit answered ${credit.status}`)
    creditId = credit.json.doc.id
  })

  const page = await newPage({ browser, baseUrl })
  await step('the editor uploads the wire photo in the admin and sees the credit and alt text prefilled', async () => {
    const file = await wirePhoto()
    await signIn({ page, ...editor })
    // The file goes in once React has taken the upload field over (a file set on the server-rendered input before
    // then is dropped): React marks the elements it manages with its own properties. The form shows the file's name in its name field.
    await page.goto('/admin/collections/media/create', { waitUntil: 'load' })
    await page.waitForFunction(
      () => {
        const input = document.querySelector('input[type="file"]')
        return Boolean(input && Object.keys(input).some((key) => key.startsWith('__reactProps')))
      },
      undefined,
      { timeout: 120_000 },
    )
    await page.locator('input[type="file"]').first().setInputFiles({ name: FILENAME, mimeType: 'image/jpeg', buffer: file })
    await page.waitForFunction((name) => [...document.querySelectorAll('input')].some((input) => input.value === name), FILENAME, { timeout: 30_000 })
    await page.locator('#action-save').first().click()
    await page.waitForURL(/\/admin\/collections\/media\/\d+/, { timeout: 120_000 })
    await page.locator('[data-testid="credit-line-preview"]', { hasText: CREDIT_LINE }).waitFor({ timeout: 60_000 })
    assert.equal(await page.locator('#field-alt').inputValue(), ALT)
    await screenshot(page, 'wire-photo-01-credit-prefilled', { fullPage: true })
    const mediaId = Number(new URL(page.url()).pathname.split('/').pop())
    const stored = await rest.call<{ credit: number; embeddedMetadata: { creditOutcome: string } }>({ path: `/api/media/${mediaId}?depth=0`, token: editor.token })
    assert.equal(stored.json.credit, creditId, 'the photo is credited to the existing credit, not a new one')
    assert.match(stored.json.embeddedMetadata.creditOutcome, /^matched/)
  })
  await page.close()
}
