import { missingProductionSettings, publicServerUrl } from '../../src/env'

describe('production settings', () => {
  it('names every setting that production needs and is missing', () => {
    expect(missingProductionSettings({})).toEqual(['PAYLOAD_SECRET', 'DATABASE_URL', 'SERVER_URL'])
    expect(missingProductionSettings({ PAYLOAD_SECRET: 'x', DATABASE_URL: '  ', SERVER_URL: 'https://cms.newsroom.test' })).toEqual(['DATABASE_URL'])
  })

  it('requires SERVER_URL: absolute links may not come from a request’s Host', () => {
    expect(missingProductionSettings({ PAYLOAD_SECRET: 's3cret', DATABASE_URL: 'postgres://db/newsroom', SERVER_URL: ' ' })).toEqual(['SERVER_URL'])
  })

  it('is satisfied when all are set', () => {
    expect(missingProductionSettings({ PAYLOAD_SECRET: 's3cret', DATABASE_URL: 'postgres://db/newsroom', SERVER_URL: 'https://cms.newsroom.test' })).toEqual([])
  })
})

describe('the public address of absolute links', () => {
  it('is SERVER_URL without trailing slashes or spaces', () => {
    expect(publicServerUrl({ SERVER_URL: ' https://cms.newsroom.test// ' })).toBe('https://cms.newsroom.test')
  })

  it('is the local development address when SERVER_URL is empty or unset', () => {
    expect(publicServerUrl({})).toBe('http://localhost:3000')
    expect(publicServerUrl({ SERVER_URL: '', PORT: '4100' })).toBe('http://localhost:4100')
  })
})
