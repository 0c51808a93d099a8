// The field validation that applies the "is real text" rule where people write names, titles and alt text.
import type { TextFieldSingleValidation } from 'payload'
import { text as payloadTextValidation } from 'payload/shared'

import { isRealText } from './realText'

/** Long enough for any name or title; bounds what the rule and the database are asked to look at. */
export const MAX_NAME_LENGTH = 1000

const capitalized = (label: string) => label.charAt(0).toUpperCase() + label.slice(1)

/**
 * A field validation for text that people read: a name, a title, the description of an image. `label` names
 * the field in the message ("the organization’s name"). Optional fields may be left empty (null or ""); text
 * that is there must be visible. Payload's own checks (required, lengths) run too.
 */
export function realTextValidation(label: string, { maxLength = MAX_NAME_LENGTH }: { maxLength?: number } = {}): TextFieldSingleValidation {
  return (value, options) => {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return `${capitalized(label)} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}.`
    }
    const isEmpty = value === undefined || value === null || value === ''
    if (!isEmpty && !isRealText(value)) {
      return options.required
        ? `${capitalized(label)} is required and must have visible characters, not only spaces or invisible characters such as zero-width spaces.`
        : `${capitalized(label)} has no visible characters, only spaces or invisible characters such as zero-width spaces. Write it out, or leave it empty.`
    }
    const limit = options.maxLength ?? maxLength
    if (typeof value === 'string' && value.length > limit) {
      return `${capitalized(label)} is ${value.length.toLocaleString('en')} characters long; keep it to ${limit.toLocaleString('en')}.`
    }
    if (isEmpty && options.required) return `${capitalized(label)} is required. Write it out in letters or digits.`
    return payloadTextValidation(value, { ...options, maxLength: limit })
  }
}
