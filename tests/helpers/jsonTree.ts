/** Every object in a JSON tree, with the path to it (`$.docs[0].heroImage`). */
export function* objectsIn(value: unknown, path = '$'): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* objectsIn(item, `${path}[${index}]`)
  } else if (value && typeof value === 'object') {
    yield [path, value as Record<string, unknown>]
    for (const [key, item] of Object.entries(value)) yield* objectsIn(item, `${path}.${key}`)
  }
}
