import { missingProductionSettings } from '../../src/env'

describe('production settings', () => {
  it('names every secret that production needs and is missing', () => {
    expect(missingProductionSettings({})).toEqual(['PAYLOAD_SECRET', 'DATABASE_URL'])
    expect(missingProductionSettings({ PAYLOAD_SECRET: 'x', DATABASE_URL: '  ' })).toEqual(['DATABASE_URL'])
  })

  it('is satisfied when both are set', () => {
    expect(missingProductionSettings({ PAYLOAD_SECRET: 's3cret', DATABASE_URL: 'postgres://db/newsroom' })).toEqual([])
  })
})
