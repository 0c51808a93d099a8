// How deep and how long a JSON body may be. Deeper or longer documents are not stories: they are attacks on
// code that walks documents recursively (a stack overflow at 20,000 levels) or on the database (one statement
// cannot carry 20,000 topics). Checked without recursion, so any depth can be measured.

export type JsonLimits = { maxDepth: number; maxArrayItems: number }

type Entry = { value: unknown; depth: number; key: string; parent: Entry | null }

const MAX_SHOWN_STEPS = 6

/** `meta.tags[3]`, shortened in the middle when it is long. */
function pathOf(entry: Entry): string {
  const steps: string[] = []
  for (let current: Entry | null = entry; current && current.parent; current = current.parent) steps.push(current.key)
  steps.reverse()
  const shown = steps.length > MAX_SHOWN_STEPS ? [...steps.slice(0, MAX_SHOWN_STEPS - 1), '…', steps.at(-1)!] : steps
  return shown.join('').replace(/^\./, '') || 'the top level'
}

const stepTo = (key: string | number) => (typeof key === 'number' ? `[${key}]` : `.${key}`)

/** The first limit the value goes past, as a sentence that names it and where, or null. */
export function jsonLimitProblem(value: unknown, { maxDepth, maxArrayItems }: JsonLimits): string | null {
  const stack: Entry[] = [{ value, depth: 1, key: '', parent: null }]
  while (stack.length) {
    const entry = stack.pop()!
    const current = entry.value
    if (!current || typeof current !== 'object') continue
    if (entry.depth > maxDepth) {
      return `The request body is nested more than ${maxDepth} levels deep (at “${pathOf(entry)}”), the most accepted. Send a flatter document.`
    }
    if (Array.isArray(current)) {
      if (current.length > maxArrayItems) {
        return `“${pathOf(entry)}” has ${current.length.toLocaleString('en')} items; one list in a request may have at most ${maxArrayItems.toLocaleString('en')}.`
      }
      for (let index = 0; index < current.length; index += 1) {
        stack.push({ value: current[index], depth: entry.depth + 1, key: stepTo(index), parent: entry })
      }
    } else {
      for (const [key, child] of Object.entries(current)) stack.push({ value: child, depth: entry.depth + 1, key: stepTo(key), parent: entry })
    }
  }
  return null
}
