'use client'
// Lets the story's panels tell each other (and the Publish notice) that the story moved or changed, so that they
// ask the server again (src/admin/articles/useEditorialPanels.ts).

export const STORY_CHANGED_EVENT = 'newsroom:story-changed'

export const announceStoryChanged = () => window.dispatchEvent(new Event(STORY_CHANGED_EVENT))
