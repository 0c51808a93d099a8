// Turns the items of a "Here's how you can help" list into calls to action: what kind of action, for
// which organization, under a title that is the same wherever the same action is asked for.
import { inRunningText, type OrganizationDirectory, type OrganizationEntry } from './organizationDirectory'

export type CallToActionKind = 'petition' | 'donate' | 'contact-representatives' | 'social' | 'follow' | 'pre-order' | 'other'

export type CallToActionItem = {
  title: string
  kind: CallToActionKind
  /** The listed organization's name, or null when the item names none. */
  organization: string | null
  /** The item as the story wrote it. */
  text: string
  handles: string[]
  hashtags: string[]
}

// Which words make an item which kind of action. The earliest match in the item wins ("Sign and share
// this petition" is a petition); the order of the table breaks ties.
export const KIND_SIGNALS: { kind: CallToActionKind; signal: RegExp }[] = [
  { kind: 'petition', signal: /\bsign\b|\bpetition\b/i },
  // No leading boundary: the seed writes "You candonate".
  { kind: 'donate', signal: /donat(?:e|ion|ing)/i },
  {
    kind: 'contact-representatives',
    signal: /\b(?:call|contact|write to|email)\s+(?:your\s+)?(?:u\.s\.\s+)?(?:representatives?|senators?|members of congress|congress|lawmakers)/i,
  },
  { kind: 'social', signal: /\b(?:tweet|share|tag|tagging|post)\b/i },
  { kind: 'follow', signal: /\b(?:follow|support|check out)\b/i },
]

/** The kind of action an item asks for; an item that only names a group asks readers to support it. */
export function inferKind({ text, hasOrganization }: { text: string; hasOrganization: boolean }): CallToActionKind {
  let best: { kind: CallToActionKind; index: number } | null = null
  for (const { kind, signal } of KIND_SIGNALS) {
    const match = signal.exec(text)
    if (match && (best === null || match.index < best.index)) best = { kind, index: match.index }
  }
  if (best) return best.kind
  return hasOrganization ? 'follow' : 'other'
}

const possessive = (entry: OrganizationEntry) => `${inRunningText(entry)}’s`

const firstSentence = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z"“])/)[0] ?? text

// "Most importantly: You can refuse to stay silent." reads as the action "Refuse to stay silent".
const actionFromText = (text: string): string => {
  const action = firstSentence(text)
    .replace(/^(?:[\p{L}]+\s+){0,2}[\p{L}]+:\s+/u, '')
    .replace(/^(?:and\s+)?(?:you\s+can|you\s+should)\s+/i, '')
    .replace(/[.!?:;,\s]+$/, '')
    .trim()
  return action.charAt(0).toUpperCase() + action.slice(1)
}

const TITLES: Record<CallToActionKind, (organization: OrganizationEntry | null, text: string) => string> = {
  petition: (organization) => (organization ? `Sign ${possessive(organization)} petition` : 'Sign the petition'),
  donate: (organization) => (organization ? `Donate to ${inRunningText(organization)}` : 'Donate'),
  'contact-representatives': () => 'Call your representatives',
  social: () => 'Speak up on social media',
  follow: (organization, text) => (organization ? `Follow and support ${inRunningText(organization)}` : actionFromText(text)),
  'pre-order': (_organization, text) => actionFromText(text),
  other: (_organization, text) => actionFromText(text),
}

const unique = (values: string[]) => Array.from(new Set(values))

/**
 * One item of the list, as one or more calls to action: "follow and support Voices 4, RUSA LGBT, and the
 * Russian LGBT Network" is three, one per group; any other kind belongs to the first group it names.
 */
export function readCallToActionItem({ text, directory }: { text: string; directory: OrganizationDirectory }): CallToActionItem[] {
  const organizations = unique(directory.mentionsIn(text).map((mention) => mention.entry.name)).map(
    (name) => directory.lookup(name)!,
  )
  const kind = inferKind({ text, hasOrganization: organizations.length > 0 })
  const handles = unique(Array.from(text.matchAll(/(?<![\w@])@[A-Za-z0-9_]{1,30}/g), (match) => match[0]))
  const hashtags = unique(Array.from(text.matchAll(/(?<![\w#])#[\p{L}\p{N}_]+/gu), (match) => match[0]))
  const forOrganization = (organization: OrganizationEntry | null): CallToActionItem => ({
    title: TITLES[kind](organization, text),
    kind,
    organization: organization?.name ?? null,
    text,
    handles,
    hashtags,
  })
  if (kind === 'follow' && organizations.length > 1) return organizations.map(forOrganization)
  return [forOrganization(organizations[0] ?? null)]
}

/** The sameness that makes two items one record: the same action for the same organization. */
export const callToActionKey = ({ kind, organization, title }: Pick<CallToActionItem, 'kind' | 'organization' | 'title'>) =>
  JSON.stringify([kind, organization?.toLowerCase() ?? null, title.toLowerCase()])
