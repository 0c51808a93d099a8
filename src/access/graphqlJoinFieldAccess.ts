// GraphQL resolves a join field ("where is this used?") with its own query, whatever the field's read access says:
// @payloadcms/graphql 3.90 never asks `field.access.read` (REST drops the field; GraphQL ran the query anyway).
// This makes GraphQL honour the declared access: a join the caller may not read resolves to null, without a query.
import type { FieldAccess, GraphQLExtension, PayloadRequest } from 'payload'

type GraphQL = Parameters<GraphQLExtension>[0]
type JoinFieldConfig = { type?: string; access?: { read?: FieldAccess } }
type Resolver = (parent: Record<string, unknown>, args: unknown, context: { req: PayloadRequest }, info: unknown) => unknown

/**
 * Wraps the resolver of every join field with read access, on every object type the queries reach (collections,
 * their versions, globals). Given as `graphQL.queries`, which Payload calls once its types exist; adds no queries.
 */
export const honourJoinFieldAccess: GraphQLExtension = (GraphQL, { Query }) => {
  const seen = new Set<string>()
  const visit = (type: Parameters<GraphQL['getNamedType']>[0]) => {
    const named = GraphQL.getNamedType(type)
    if (!GraphQL.isObjectType(named) || seen.has(named.name)) return
    seen.add(named.name)
    for (const field of Object.values(named.getFields())) {
      const config = field.extensions?.field as JoinFieldConfig | undefined
      const read = config?.access?.read
      if (config?.type === 'join' && read && field.resolve) {
        const resolve = field.resolve as Resolver
        field.resolve = (async (parent, args, context, info) => {
          const isAllowed = await read({ req: context.req, doc: parent, id: parent?.id as number | string } as Parameters<FieldAccess>[0])
          return isAllowed ? resolve(parent, args, context, info) : null
        }) as typeof field.resolve
      }
      visit(field.type)
    }
  }
  for (const field of Object.values(Query.fields) as { type: Parameters<GraphQL['getNamedType']>[0] }[]) visit(field.type)
  return {}
}
