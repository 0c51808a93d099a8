import type { TextFieldSingleValidation } from 'payload'

export const validateWebAddress: TextFieldSingleValidation = (value) =>
  !value || /^https?:\/\/[^\s/]+\.[^\s]+$/.test(value) || 'Enter a full web address starting with https://, for example https://example.org.'
