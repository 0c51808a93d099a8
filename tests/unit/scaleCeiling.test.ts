// The scale row's ceiling (bench/lib/scaleCeiling.ts): what two app processes can reach over one when the app,
// PostgreSQL, HAProxy and the load generator share the same cores.
import { scaleCeiling } from '../../bench/lib/scaleCeiling'

describe('the most two app processes can reach over one on shared cores', () => {
  it('is 2a/(a+h+l) on 2 cores with the database free, as the issue states it', () => {
    const costs = { app: 0.48, postgres: 1.11, haproxy: 0.07, loadGenerator: 0.15 }
    const ceiling = scaleCeiling({ cores: 2, costs })
    expect(ceiling.withFreeDatabase).toBeCloseTo((2 * 0.48) / (0.48 + 0.07 + 0.15), 10)
    expect(ceiling.withFreeDatabase).toBeLessThan(1.6)
  })

  it('is 1×, not less, when one process already fills the machine (the database costing more than the app)', () => {
    // Measured in session 8: app 0.48, PostgreSQL 1.11, HAProxy 0.07 ms per read; 2·0.48/1.81 = 0.53 is no ceiling,
    // since two processes never do worse than one for lack of CPU.
    const ceiling = scaleCeiling({ cores: 2, costs: { app: 0.48, postgres: 1.11, haproxy: 0.07, loadGenerator: 0.15 } })
    expect(ceiling.withDatabase).toBe(1)
  })

  it('is 2× when the app is nearly all of the cost, and never more', () => {
    expect(scaleCeiling({ cores: 2, costs: { app: 1, postgres: 0, haproxy: 0, loadGenerator: 0 } }).withDatabase).toBe(2)
    expect(scaleCeiling({ cores: 8, costs: { app: 1, postgres: 0.5, haproxy: 0.1, loadGenerator: 0.1 } }).withDatabase).toBe(2)
    expect(scaleCeiling({ cores: 2, costs: { app: 1, postgres: 0.1, haproxy: 0.05, loadGenerator: 0.05 } }).withDatabase).toBeCloseTo(2 / 1.2, 10)
  })

  it('bounds one process by its main thread: JavaScript on other threads (the collector) lets one process do more, so two gain less', () => {
    const costs = { app: 1, postgres: 0, haproxy: 0.1, loadGenerator: 0.1 }
    const allOnMain = scaleCeiling({ cores: 2, costs }).withFreeDatabase
    const partlyElsewhere = scaleCeiling({ cores: 2, costs: { ...costs, appMainThread: 0.8 } }).withFreeDatabase
    expect(allOnMain).toBeCloseTo(2 / 1.2, 10)
    // One process: 1/0.8 per ms; the machine: 2/1.2 per ms.
    expect(partlyElsewhere).toBeCloseTo(2 / 1.2 / (1 / 0.8), 10)
  })

  it('says what app CPU per read 1.6× would need on 2 cores: four times HAProxy and the load generator together', () => {
    const ceiling = scaleCeiling({ cores: 2, costs: { app: 0.48, postgres: 1.11, haproxy: 0.07, loadGenerator: 0.15 } })
    expect(ceiling.appCostNeededFor(1.6)).toBeCloseTo(4 * (0.07 + 0.15), 10)
    const atThatCost = scaleCeiling({ cores: 2, costs: { app: ceiling.appCostNeededFor(1.6), postgres: 0, haproxy: 0.07, loadGenerator: 0.15 } })
    expect(atThatCost.withFreeDatabase).toBeCloseTo(1.6, 10)
    expect(ceiling.appCostNeededFor(2)).toBe(Infinity)
  })

  it('gives no bound (2×) from costs that were not measured (no requests answered)', () => {
    expect(scaleCeiling({ cores: 2, costs: { app: 0, postgres: 0, haproxy: 0, loadGenerator: 0 } }).withDatabase).toBe(2)
  })
})
