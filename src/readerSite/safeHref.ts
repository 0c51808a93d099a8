// Links readers may follow from stored content: web and mail addresses only (never javascript: or data:). Pure.
export function safeHref(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null
  const text = value.trim()
  // `//host` and `/\host` are other sites to a browser.
  if (text.startsWith('/')) return /^\/[/\\]/.test(text) ? null : text
  try {
    const url = new URL(text)
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null
  } catch {
    return null
  }
}
