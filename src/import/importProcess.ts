import type { Payload } from 'payload'

/**
 * For a process that only imports (scripts/import.ts), never for the app: every story such a process writes is new,
 * with one version, so Payload's trim of old versions after each create (a query for the story's 101st version)
 * cannot find anything. Skipping it saves a statement per story.
 */
export function skipVersionTrimForNewStories(payload: Payload): void {
  const versions = payload.collections.articles.config.versions
  if (versions) versions.maxPerDoc = 0
}
