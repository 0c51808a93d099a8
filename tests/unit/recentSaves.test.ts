// Which browser tab made a document's latest save, as far as this process knows.
import { isOwnLatestSave, rememberSave } from '../../src/concurrentEditing/recentSaves'

describe('a tab’s own latest save', () => {
  it('is recognised only for the same tab and the same version', () => {
    rememberSave({ key: 'media:1', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })
    expect(isOwnLatestSave({ key: 'media:1', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })).toBe(true)
    expect(isOwnLatestSave({ key: 'media:1', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-bbbbbbbb' })).toBe(false)
    expect(isOwnLatestSave({ key: 'media:1', updatedAt: '2026-11-25T17:20:36.000Z', session: 'tab-aaaaaaaa' })).toBe(false)
    expect(isOwnLatestSave({ key: 'media:2', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })).toBe(false)
    expect(isOwnLatestSave({ key: 'media:1', updatedAt: '2026-11-25T17:20:35.123Z', session: undefined })).toBe(false)
  })

  it('is forgotten once another tab saves the document', () => {
    rememberSave({ key: 'articles:7', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })
    rememberSave({ key: 'articles:7', updatedAt: '2026-11-25T17:20:37.000Z', session: 'tab-bbbbbbbb' })
    expect(isOwnLatestSave({ key: 'articles:7', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })).toBe(false)
  })

  it('keeps a bounded number of documents, forgetting the oldest first (then judging strictly)', () => {
    rememberSave({ key: 'organizations:oldest', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })
    for (let index = 0; index < 5000; index += 1) rememberSave({ key: `organizations:${index}`, updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-cccccccc' })
    expect(isOwnLatestSave({ key: 'organizations:oldest', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-aaaaaaaa' })).toBe(false)
    expect(isOwnLatestSave({ key: 'organizations:4999', updatedAt: '2026-11-25T17:20:35.123Z', session: 'tab-cccccccc' })).toBe(true)
  })
})
