// Photos arrive with their attribution inside the file (IPTC XMP and IIM): every upload path reads it, keeps it
// read-only on the photo, and prefills what nobody typed, matching the credit to the records on file.
import { createCredit, createOrganization } from '../helpers/content'
import { rest, signedInCallerOfThisFile } from '../helpers/http'
import { endPhotoWriter, EXTENSIONS, MIME_TYPES, type PhotoFormat, photoWithMetadata, uploadForm, wireTags } from '../helpers/photoFiles'
import { approveStory, publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()
const editor = signedInCallerOfThisFile(ctx, 'editor')
const writer = signedInCallerOfThisFile(ctx, 'writer')

let afp: { id: number }
let getty: { id: number }
let nemenovCredit: { id: number }

beforeAll(async () => {
  afp = await createOrganization(ctx.payload, 'AFP', 'news-agency')
  getty = await createOrganization(ctx.payload, 'Getty Images', 'news-agency')
  nemenovCredit = await createCredit(ctx.payload, { photographer: 'Alexander Nemenov', agencies: [afp.id, getty.id] })
})

afterAll(endPhotoWriter)

let uploads = 0
const upload = async ({ file, format = 'jpeg', data = {}, caller = editor }: { file: Buffer; format?: PhotoFormat; data?: Record<string, unknown>; caller?: typeof editor }) => {
  uploads += 1
  return rest(ctx.baseUrl, caller, 'POST', '/api/media?depth=0', uploadForm({ file, name: `wire-${uploads}.${EXTENSIONS[format]}`, format, data }))
}

const localUpload = async ({ file, format = 'jpeg', data = {} }: { file: Buffer; format?: PhotoFormat; data?: Record<string, unknown> }) => {
  uploads += 1
  return ctx.payload.create({
    collection: 'media',
    data,
    file: { data: file, mimetype: MIME_TYPES[format], name: `local-${uploads}.${EXTENSIONS[format]}`, size: file.length },
    depth: 0,
    overrideAccess: true,
  })
}

describe('reading a wire photo at upload', () => {
  it('prefills alt text, caption and the credit matched to the existing credit, through a REST upload', async () => {
    const file = await photoWithMetadata({
      tags: wireTags({
        creator: 'Alexander Nemenov',
        credit: 'AFP/Getty Images',
        caption: 'Chechen leader Ramzan Kadyrov at a rally in Grozny.',
        alt: 'A man in a dark suit speaks into a microphone in front of a crowd.',
        rights: '© AFP 2026',
      }),
    })
    const before = await ctx.payload.count({ collection: 'photo-credits' })
    const response = await upload({ file })
    expect(response.status).toBe(201)
    const { doc } = response.body
    expect(doc.alt).toBe('A man in a dark suit speaks into a microphone in front of a crowd.')
    expect(doc.caption).toBe('Chechen leader Ramzan Kadyrov at a rally in Grozny.')
    expect(doc.credit).toBe(nemenovCredit.id)
    expect(doc.embeddedMetadata).toMatchObject({
      creator: 'Alexander Nemenov',
      creditLine: 'AFP/Getty Images',
      copyrightNotice: '© AFP 2026',
      foundIn: 'XMP, IPTC-IIM',
      creditOutcome: 'matched: Alexander Nemenov/AFP/Getty Images',
    })
    expect((await ctx.payload.count({ collection: 'photo-credits' })).totalDocs).toBe(before.totalDocs)
  })

  it.each<PhotoFormat>(['jpeg', 'png', 'webp', 'avif'])('reads the XMP of a %s file', async (format) => {
    const file = await photoWithMetadata({
      format,
      tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', alt: `A ${format} picture of a rally`, where: 'xmp' }),
    })
    const photo = await localUpload({ file, format })
    expect(photo.alt).toBe(`A ${format} picture of a rally`)
    expect(photo.credit).toBe(nemenovCredit.id)
    expect(photo.embeddedMetadata?.foundIn).toBe('XMP')
  })

  it.each<PhotoFormat>(['jpeg', 'png'])('reads IPTC-IIM alone in a %s file', async (format) => {
    const file = await photoWithMetadata({ format, tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', caption: 'Grozny, Chechnya', where: 'iim' }) })
    const photo = await localUpload({ file, format })
    expect(photo.caption).toBe('Grozny, Chechnya')
    expect(photo.credit).toBe(nemenovCredit.id)
    expect(photo.embeddedMetadata?.foundIn).toBe('IPTC-IIM')
  })

  it('keeps the rights and the licence end the file states', async () => {
    const file = await photoWithMetadata({
      tags: {
        ...wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images' }),
        'XMP-xmpRights:UsageTerms': 'Editorial use only. No sales.',
        'XMP-xmpRights:WebStatement': 'https://www.gettyimages.com/eula',
        'XMP-plus:LicensorName': 'Getty Images',
        'IPTC:ExpirationDate': '2031:01:31',
        'IPTC:ExpirationTime': '12:00:00+00:00',
      },
    })
    const photo = await localUpload({ file })
    expect(photo.embeddedMetadata).toMatchObject({
      usageTerms: 'Editorial use only. No sales.',
      webStatement: 'https://www.gettyimages.com/eula',
      licensor: 'Getty Images',
    })
    expect(new Date(photo.embeddedMetadata!.licenseExpiresAt!).toISOString()).toBe('2031-01-31T12:00:00.000Z')
  })

  it('uses the XMP value where XMP and IPTC-IIM disagree, and says so', async () => {
    const file = await photoWithMetadata({
      tags: { ...wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', caption: 'The XMP caption', where: 'xmp' }), 'IPTC:Caption-Abstract': 'The IIM caption' },
    })
    const photo = await localUpload({ file })
    expect(photo.caption).toBe('The XMP caption')
    expect(photo.embeddedMetadata?.readingNotes).toMatch(/XMP and IPTC-IIM give different captions .*the XMP one was used/)
  })

  it('leaves a file without metadata as it was, with nothing prefilled', async () => {
    const file = await photoWithMetadata({ tags: {} })
    const photo = await localUpload({ file, data: { alt: 'A quiet street at dawn' } })
    expect(photo.credit ?? null).toBeNull()
    expect(photo.embeddedMetadata?.foundIn).toBe('none')
    expect(photo.embeddedMetadata?.creditOutcome).toBe('none in the file')
  })
})

describe('never overwriting what a person typed', () => {
  it('keeps the alt text, caption and credit sent with the upload', async () => {
    const ap = await createOrganization(ctx.payload, 'AP', 'news-agency')
    const chosen = await createCredit(ctx.payload, { photographer: 'Craig Ruttle', agencies: [ap.id] })
    const file = await photoWithMetadata({ tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', caption: 'From the file', alt: 'Alt from the file' }) })
    const response = await upload({ file, data: { alt: 'Alt typed by the editor', caption: 'Caption typed by the editor', credit: chosen.id } })
    expect(response.status).toBe(201)
    expect(response.body.doc).toMatchObject({ alt: 'Alt typed by the editor', caption: 'Caption typed by the editor', credit: chosen.id })
    expect(response.body.doc.embeddedMetadata.creditOutcome).toBe('kept the credit chosen by hand')
    // What the file said is still there for the editor to see.
    expect(response.body.doc.embeddedMetadata.altText).toBe('Alt from the file')
  })

  it('keeps the photo’s alt text and credit when its file is replaced by one with other metadata', async () => {
    const first = await localUpload({ file: await photoWithMetadata({ tags: {} }), data: { alt: 'The editor’s description' } })
    const file = await photoWithMetadata({ tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', alt: 'The agency’s description' }), color: '#113355' })
    uploads += 1
    const replaced = await ctx.payload.update({
      collection: 'media',
      id: first.id,
      data: {},
      file: { data: file, mimetype: 'image/jpeg', name: `replaced-${uploads}.jpg`, size: file.length },
      depth: 0,
      overrideAccess: true,
    })
    expect(replaced.alt).toBe('The editor’s description')
    expect(replaced.credit).toBe(nemenovCredit.id)
    expect(replaced.embeddedMetadata?.altText).toBe('The agency’s description')
  })

  it('refuses to let a request write the file’s metadata itself', async () => {
    const file = await photoWithMetadata({ tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images' }) })
    const response = await upload({ file, data: { alt: 'A rally', embeddedMetadata: { creditLine: 'Forged credit', usageTerms: 'Free for all' } } })
    expect(response.status).toBe(201)
    expect(response.body.doc.embeddedMetadata.creditLine).toBe('AFP/Getty Images')
    expect(response.body.doc.embeddedMetadata.usageTerms).toBeNull()
    const patched = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${response.body.doc.id}`, { embeddedMetadata: { creditLine: 'Forged later' } })
    expect(patched.status).toBe(200)
    const stored = await ctx.payload.findByID({ collection: 'media', id: response.body.doc.id, depth: 0 })
    expect(stored.embeddedMetadata?.creditLine).toBe('AFP/Getty Images')
  })

  it('shows what the file says to staff only', async () => {
    const file = await photoWithMetadata({ tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', alt: 'A rally in Grozny' }) })
    const { body } = await upload({ file })
    const asWriter = await rest(ctx.baseUrl, writer, 'GET', `/api/media/${body.doc.id}`)
    expect(asWriter.body.embeddedMetadata.creator).toBe('Alexander Nemenov')
    const anonymous = await ctx.payload.findByID({ collection: 'media', id: body.doc.id, depth: 0, overrideAccess: false, disableErrors: true })
    expect(anonymous?.embeddedMetadata).toBeUndefined()
  })
})

describe('matching the credit to the records on file', () => {
  it('matches “AFP Getty Images” without the slash, and in another case and spacing, to the AFP/Getty Images chain', async () => {
    for (const credit of ['AFP Getty Images', 'afp / getty  images', 'AFP/GETTY-IMAGES']) {
      const photo = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'alexander  NEMENOV', credit }) }) })
      expect([credit, photo.credit]).toEqual([credit, nemenovCredit.id])
    }
  })

  it('matches a photographer whose name the file spells without its accents', async () => {
    const reuters = await createOrganization(ctx.payload, 'Reuters', 'news-agency')
    const credit = await createCredit(ctx.payload, { photographer: 'Zoé Lefèvre', agencies: [reuters.id] })
    const photo = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Zoe Lefevre', credit: 'Reuters' }) }) })
    expect(photo.credit).toBe(credit.id)
  })

  it('creates a credit only when none matches, reusing the organizations on file', async () => {
    const before = (await ctx.payload.count({ collection: 'organizations' })).totalDocs
    const photo = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Marta Kowalczyk', credit: 'Marta Kowalczyk/AFP/Getty Images' }) }) })
    expect(photo.embeddedMetadata?.creditOutcome).toBe('created: Marta Kowalczyk/AFP/Getty Images')
    const credit = await ctx.payload.findByID({ collection: 'photo-credits', id: photo.credit as number, depth: 0 })
    expect(credit.creditLine).toBe('Photo by Marta Kowalczyk/AFP/Getty Images.')
    expect(credit.agencies).toEqual([afp.id, getty.id])
    expect((await ctx.payload.count({ collection: 'organizations' })).totalDocs).toBe(before)
    // The next photo by her matches the credit just made.
    const second = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Marta Kowalczyk', credit: 'AFP/Getty Images' }) }) })
    expect(second.credit).toBe(photo.credit)
  })

  it('creates the agency a new credit names when no organization has its name', async () => {
    const photo = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Ivan Petrenko', credit: 'Ukrinform' }) }) })
    const credit = await ctx.payload.findByID({ collection: 'photo-credits', id: photo.credit as number, depth: 1 })
    expect(credit.creditLine).toBe('Photo by Ivan Petrenko/Ukrinform.')
    expect((credit.agencies as { kind: string }[])[0].kind).toBe('news-agency')
  })

  it('makes one credit and one agency when two photos naming them arrive at once', async () => {
    const files = await Promise.all(
      ['#102030', '#203040'].map((color) => photoWithMetadata({ tags: wireTags({ creator: 'Oksana Melnyk', credit: 'Oksana Melnyk/Hromadske' }), color })),
    )
    const responses = await Promise.all(files.map((file) => upload({ file })))
    expect(responses.map((response) => response.status)).toEqual([201, 201])
    expect(responses[0].body.doc.credit).toBe(responses[1].body.doc.credit)
    const agencies = await ctx.payload.find({ collection: 'organizations', where: { name: { equals: 'Hromadske' } }, depth: 0 })
    expect(agencies.totalDocs).toBe(1)
  })

  it('leaves a near-duplicate photographer for a person to decide: no credit, no new record, a note naming both', async () => {
    await createCredit(ctx.payload, { photographer: 'Geoffrey Van Der Hasselt', agencies: [afp.id] })
    const before = (await ctx.payload.count({ collection: 'photo-credits' })).totalDocs
    const response = await upload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Geoffroy Van Der Hasselt', credit: 'AFP' }) }) })
    expect(response.status).toBe(201)
    expect(response.body.doc.credit).toBeNull()
    expect(response.body.doc.needsAPerson).toMatch(/“Geoffroy Van Der Hasselt”.*“Geoffrey Van Der Hasselt” is on file.*one letter apart/)
    expect(response.body.doc.embeddedMetadata.creditOutcome).toBe('needs a person: Geoffroy Van Der Hasselt/AFP')
    expect((await ctx.payload.count({ collection: 'photo-credits' })).totalDocs).toBe(before)
  })
})

describe('the credits on file as the next upload sees them', () => {
  it('matches a credit whose photographer or agency was renamed since the last upload, and no longer one deleted', async () => {
    const agency = await createOrganization(ctx.payload, 'Anadolu Agency', 'news-agency')
    const credit = await createCredit(ctx.payload, { photographer: 'Nadia Rahmann', agencies: [agency.id] })
    const first = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Nadia Rahmann', credit: 'Anadolu Agency' }) }) })
    expect(first.credit).toBe(credit.id)

    await ctx.payload.update({ collection: 'photo-credits', id: credit.id, data: { photographer: 'Nadia Rahman' }, overrideAccess: true })
    await ctx.payload.update({ collection: 'organizations', id: agency.id, data: { name: 'Anadolu' }, overrideAccess: true })
    const renamed = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Nadia Rahman', credit: 'Anadolu' }) }) })
    expect([renamed.credit, renamed.embeddedMetadata?.creditOutcome]).toEqual([credit.id, 'matched: Nadia Rahman/Anadolu'])

    await ctx.payload.delete({ collection: 'media', where: { credit: { equals: credit.id } }, overrideAccess: true })
    await ctx.payload.delete({ collection: 'photo-credits', id: credit.id, overrideAccess: true })
    const afterDelete = await localUpload({ file: await photoWithMetadata({ tags: wireTags({ creator: 'Nadia Rahman', credit: 'Anadolu' }) }) })
    expect(afterDelete.embeddedMetadata?.creditOutcome).toBe('created: Nadia Rahman/Anadolu')
    expect(afterDelete.credit).not.toBe(credit.id)
  })

  it('does not match a credit made by an upload that was then refused (its transaction rolled back)', async () => {
    const file = await photoWithMetadata({ tags: wireTags({ creator: 'Tomasz Wrobel', credit: 'Tomasz Wrobel/Forum' }) })
    const refused = await upload({ file, data: { aiDisclosure: 'x'.repeat(600) } })
    expect(refused.status).toBe(400)
    const where = { photographer: { equals: 'Tomasz Wrobel' } }
    expect((await ctx.payload.count({ collection: 'photo-credits', where })).totalDocs).toBe(0)
    const accepted = await upload({ file })
    expect(accepted.status).toBe(201)
    expect(accepted.body.doc.embeddedMetadata.creditOutcome).toBe('created: Tomasz Wrobel/Forum')
    const credit = await ctx.payload.findByID({ collection: 'photo-credits', id: accepted.body.doc.credit, depth: 0 })
    expect(credit.photographer).toBe('Tomasz Wrobel')
  })
})

describe('garbage and hostile metadata', () => {
  it('stores a <script> credit and caption as plain text and answers 201', async () => {
    const hostile = '<script>alert("credit")</script><img src=x onerror=alert(1)>'
    const file = await photoWithMetadata({ tags: wireTags({ creator: hostile, credit: `${hostile}/AFP`, caption: `Caption ${hostile}`, alt: `Alt ${hostile}` }) })
    const response = await upload({ file })
    expect(response.status).toBe(201)
    expect(response.body.doc.caption).toBe(`Caption ${hostile}`)
    expect(response.body.doc.embeddedMetadata.creator).toBe(hostile)
    // JSON carries it as a string; nothing turned it into markup or dropped it silently.
    expect(response.headers.get('content-type')).toMatch(/application\/json/)
  })

  it('cuts a huge value to 2,000 characters with a note', async () => {
    const file = await photoWithMetadata({ format: 'png', tags: { 'XMP-dc:Description': 'Long caption. '.repeat(2000) } })
    const photo = await localUpload({ file, format: 'png' })
    expect(photo.caption).toHaveLength(2000)
    expect(photo.embeddedMetadata?.readingNotes).toMatch(/only the first 2000 were kept/)
  })

  it('asks a person about a creator too long to be a name instead of refusing the upload', async () => {
    const creator = 'Photographer '.repeat(120)
    const before = (await ctx.payload.count({ collection: 'photo-credits' })).totalDocs
    const response = await upload({ file: await photoWithMetadata({ tags: wireTags({ creator, credit: 'AFP' }) }), data: { alt: 'A rally' } })
    expect(response.status).toBe(201)
    expect(response.body.doc.credit).toBeNull()
    expect(response.body.doc.needsAPerson).toMatch(/too long to be a name: choose or create the credit by hand/)
    expect((await ctx.payload.count({ collection: 'photo-credits' })).totalDocs).toBe(before)
  })

  it('refuses a disclosure that is too long, with a readable 400', async () => {
    const { body } = await upload({ file: await photoWithMetadata({ tags: {} }), data: { alt: 'A quiet street' } })
    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${body.doc.id}`, { aiDisclosure: 'Generated. '.repeat(60) })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].data.errors[0].message).toMatch(/The disclosure is 660 characters long; keep it to 500/)
  })

  it('skips an oversized XMP packet with a note and still stores the photo', async () => {
    const file = await photoWithMetadata({ format: 'png', tags: { 'XMP-dc:Description': 'x'.repeat(600_000), 'XMP-dc:Creator': ['Someone'] } })
    const response = await upload({ file, format: 'png', data: { alt: 'A test card' } })
    expect(response.status).toBe(201)
    expect(response.body.doc.caption).toBeNull()
    expect(response.body.doc.embeddedMetadata.readingNotes).toMatch(/larger than 512 KiB and was not read/)
  })

  it('ignores malformed XMP and a truncated IPTC-IIM block without a 500', async () => {
    const good = await photoWithMetadata({ tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', caption: 'A caption' }) })
    const brokenXmp = Buffer.from(good.toString('latin1').replace('</rdf:RDF>', '</rdf:RDX><<<&&').replace('xmlns:dc=', 'xmlns:dc'), 'latin1')
    const iimAt = good.indexOf(Buffer.from([0x1c, 0x02, 0x50]))
    const brokenIim = Buffer.from(good)
    brokenIim.writeUInt16BE(0x7fff, iimAt + 3)
    for (const file of [brokenXmp, brokenIim, good.subarray(0, Math.floor(good.length * 0.6))]) {
      const response = await upload({ file, data: { alt: 'A rally' } })
      expect([response.status, response.text]).not.toEqual([500, expect.anything()])
      expect(response.status).toBeLessThan(500)
    }
  })

  it('ignores a licence end that is no date, with a note', async () => {
    const file = await photoWithMetadata({ tags: { ...wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images' }), 'IPTC:ExpirationDate': '2027:02:31' } })
    const photo = await localUpload({ file })
    expect(photo.embeddedMetadata?.licenseExpiresAt ?? null).toBeNull()
    expect(photo.embeddedMetadata?.readingNotes).toMatch(/licence end date in the file .* is not a real date/)
  })
})

describe('AI-generated and composite pictures', () => {
  const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'

  const draftWithHero = (heroImage: number) =>
    ctx.payload.create({ collection: 'articles', data: { title: `Rally in Grozny ${Math.random()}`, heroImage } as never })
  const storyWithHero = async (heroImage: number) => {
    const story = await draftWithHero(heroImage)
    await approveStory(ctx.payload, story.id)
    return story
  }

  it('cannot be published until a disclosure is written, and readers then see it next to the credit line', async () => {
    const file = await photoWithMetadata({
      tags: { ...wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', alt: 'An illustration of a crowd at night' }), 'XMP-iptcExt:DigitalSourceType': AI },
    })
    const { body } = await upload({ file })
    expect(body.doc.needsAPerson).toMatch(/marks this picture as “trainedAlgorithmicMedia”.*write the AI or composite disclosure/)
    // Approval already needs ready images (src/workflow/deskChecks.ts), so the story stops there.
    const story = await draftWithHero(body.doc.id)
    await expect(approveStory(ctx.payload, story.id)).rejects.toThrow(/“trainedAlgorithmicMedia” \(AI-generated or composite\) and no disclosure for readers/)

    const readiness = await rest(ctx.baseUrl, editor, 'GET', `/api/articles/${story.id}/publish-readiness`)
    expect(readiness.body.problems[0].missing).toEqual(['disclosure'])

    // Clearing the file's source type is not a way around it: the group is not editable.
    await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${body.doc.id}`, { embeddedMetadata: { digitalSourceType: null } })
    await expect(approveStory(ctx.payload, story.id)).rejects.toThrow(/no disclosure for readers/)

    const disclosure = 'This image was generated with AI.'
    expect((await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${body.doc.id}`, { aiDisclosure: disclosure })).status).toBe(200)
    await approveStory(ctx.payload, story.id)
    const published = await publishStory(ctx.payload, story.id)
    const rendered = await rest(ctx.baseUrl, { name: 'reader', headers: {} }, 'GET', `/api/articles/by-slug/${published.slug}`)
    expect(rendered.status).toBe(200)
    expect(rendered.body.heroImage).toMatchObject({ creditLine: 'Photo by Alexander Nemenov/AFP/Getty Images.', disclosure })
    expect(rendered.body.heroImage.embeddedMetadata).toBeUndefined()
    const feed = await rest(ctx.baseUrl, { name: 'reader', headers: {} }, 'GET', '/api/feeds/feed.json')
    const item = feed.body.items.find((entry: { id: string }) => entry.id === `article-${story.id}`)
    expect(item._image).toMatchObject({ credit_line: 'Photo by Alexander Nemenov/AFP/Getty Images.', disclosure })
    expect(item.content_text).toContain(`Photo by Alexander Nemenov/AFP/Getty Images. ${disclosure}`)
  })

  it('publishes a photo its file marks as a digital capture without a disclosure', async () => {
    const file = await photoWithMetadata({
      tags: {
        ...wireTags({ creator: 'Alexander Nemenov', credit: 'AFP/Getty Images', alt: 'A crowd at a rally at night' }),
        'XMP-iptcExt:DigitalSourceType': 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
      },
    })
    const photo = await localUpload({ file })
    expect(photo.needsAPerson ?? null).toBeNull()
    const published = await publishStory(ctx.payload, (await storyWithHero(photo.id)).id)
    expect(published._status).toBe('published')
  })
})
