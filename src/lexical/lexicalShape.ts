// Rejects story bodies that are not a Lexical document this editor can open, before anything is stored.

export const STORY_NODE_TYPES = new Set([
  'root',
  'paragraph',
  'text',
  'heading',
  'quote',
  'list',
  'listitem',
  'link',
  'autolink',
  'upload',
  'block',
  'inlineBlock',
  'linebreak',
  'tab',
  'horizontalrule',
])

export const MAX_BODY_DEPTH = 40

type Problem = string

function checkNode(node: unknown, where: string, depth: number): Problem | null {
  if (depth > MAX_BODY_DEPTH) return `The story body is nested more than ${MAX_BODY_DEPTH} levels deep (at ${where}).`
  if (!node || typeof node !== 'object' || Array.isArray(node)) return `The story body has a node that is not an object (at ${where}).`
  const { type, children } = node as { type?: unknown; children?: unknown }
  if (typeof type !== 'string') return `The story body has a node without a type (at ${where}).`
  if (!STORY_NODE_TYPES.has(type)) return `The story body contains an element of unknown type “${type.slice(0, 40)}” (at ${where}).`
  if (children === undefined) return null
  if (!Array.isArray(children)) return `The story body has a “${type}” whose children are not a list (at ${where}).`
  for (let index = 0; index < children.length; index += 1) {
    const problem = checkNode(children[index], `${where} › ${index + 1}`, depth + 1)
    if (problem) return problem
  }
  return null
}

/** `true` for an empty body or a well-formed Lexical document; otherwise a sentence saying what is wrong. */
export function checkLexicalShape(value: unknown): true | Problem {
  if (value === null || value === undefined) return true
  if (typeof value !== 'object' || Array.isArray(value)) return 'The story body must be a Lexical document (an object with a “root”).'
  const root = (value as { root?: unknown }).root
  if (!root || typeof root !== 'object') return 'The story body must be a Lexical document (an object with a “root”).'
  if ((root as { type?: unknown }).type !== 'root') return 'The story body’s root element must have the type “root”.'
  if (!Array.isArray((root as { children?: unknown }).children)) return 'The story body’s root must have a list of children.'
  return checkNode(root, 'root', 0) ?? true
}
