import { getIntrospectionQuery } from 'graphql'

import { graphqlNestingDepth, MAX_GRAPHQL_NESTING } from '../../src/server/requestGuards/refuseDeepGraphqlQueries'

describe('graphqlNestingDepth', () => {
  it('counts selection sets, arguments and lists', () => {
    expect(graphqlNestingDepth('{ __typename }')).toBe(1)
    expect(graphqlNestingDepth('{ Articles(where: { id: { in: [1, 2] } }) { docs { id } } }')).toBe(5)
  })

  it('ignores brackets inside strings, block strings and comments', () => {
    expect(graphqlNestingDepth('{ Articles(where: { title: { equals: "{{{[[[(((" } }) { docs { id } } }')).toBe(4)
    expect(graphqlNestingDepth('{ a(text: """ {{{{ \\""" {{{ """) }')).toBe(2)
    expect(graphqlNestingDepth('# {{{{{{{{\n{ a }')).toBe(1)
    expect(graphqlNestingDepth('{ a(text: "escaped \\" {{{{ quote") }')).toBe(2)
  })

  it('measures a hostile query nested 20,000 levels without recursing itself', () => {
    expect(graphqlNestingDepth(`{${'a{'.repeat(20_000)}b${'}'.repeat(20_000)}}`)).toBe(20_001)
  })

  it('lets the full introspection query through, the deepest a GraphQL client sends', () => {
    expect(graphqlNestingDepth(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toBeLessThanOrEqual(MAX_GRAPHQL_NESTING)
  })
})
