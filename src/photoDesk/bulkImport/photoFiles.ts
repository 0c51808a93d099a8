// The photo files a folder import uploads, by extension: the types the media collection accepts.
export const MIME_TYPE_OF_EXTENSION: Record<string, string | undefined> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
}
