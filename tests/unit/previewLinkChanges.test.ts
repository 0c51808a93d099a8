import { previewLinkChangeProblem } from '../../src/collections/PreviewLinks'

const before = { article: 4, token: 'server-made-token', expiresAt: '2026-12-10T10:00:00.000Z', revoked: false }

describe('changes to a preview link already handed out', () => {
  it('allow the same link saved again, an earlier expiry and revoking it', () => {
    expect(previewLinkChangeProblem({ before, after: { ...before } })).toBeUndefined()
    expect(previewLinkChangeProblem({ before, after: { ...before, article: { id: 4 } } })).toBeUndefined()
    expect(previewLinkChangeProblem({ before, after: { ...before, expiresAt: '2026-12-05T10:00:00.000Z' } })).toBeUndefined()
    expect(previewLinkChangeProblem({ before, after: { ...before, expiresAt: new Date('2026-12-10T10:00:00.000Z') } })).toBeUndefined()
    expect(previewLinkChangeProblem({ before, after: { ...before, revoked: true } })).toBeUndefined()
  })

  it('refuse a new, empty or missing token', () => {
    for (const token of ['another', '', null, undefined, 1]) {
      expect(previewLinkChangeProblem({ before, after: { ...before, token } })).toMatch(/token is made by the server/)
    }
  })

  it('refuse another story', () => {
    expect(previewLinkChangeProblem({ before, after: { ...before, article: 5 } })).toMatch(/make a new link/)
  })

  it('refuse a later, missing or unreadable expiry', () => {
    for (const expiresAt of ['2026-12-10T10:00:01.000Z', '2036-01-01T00:00:00.000Z', null, undefined, 'soon', 0, {}]) {
      expect(previewLinkChangeProblem({ before, after: { ...before, expiresAt } })).toMatch(/expiry can only be brought forward/)
    }
  })

  it('refuse to bring a revoked link back', () => {
    for (const revoked of [false, null, undefined, 'true']) {
      expect(previewLinkChangeProblem({ before: { ...before, revoked: true }, after: { ...before, revoked } })).toMatch(/stays revoked/)
    }
  })
})
