// The files an import reads: story files and folders of them, the organizations list, alt-text data.
import fs from 'node:fs'
import path from 'node:path'

import { createOrganizationDirectory, type OrganizationEntry } from './organizationDirectory'
import { projectFolder } from '../projectFolder'
import type { AltTextData, StorySource } from './importStories'
import type { StoryHeadline } from './parseStory'

export const ORGANIZATIONS_FILE = path.join(projectFolder, 'content/organizations.json')
export const ALT_TEXT_FILE_NAME = 'alt-text.json'
export const HEADLINES_FILE_NAME = 'headlines.json'

/** Every story a list of arguments names: files as given (unreadable ones fail later, one by one), folders' `.txt` files in name order. */
export function expandStoryPaths(args: string[]): string[] {
  return args.flatMap((arg) => {
    const isDirectory = fs.existsSync(arg) && fs.statSync(arg).isDirectory()
    if (!isDirectory) return [arg]
    return fs
      .readdirSync(arg)
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .map((name) => path.join(arg, name))
  })
}

export function* fileSources(paths: Iterable<string>): Generator<StorySource> {
  for (const file of paths) yield { name: file, read: () => fs.promises.readFile(file, 'utf8') }
}

export function loadOrganizationDirectory(file = ORGANIZATIONS_FILE) {
  return createOrganizationDirectory(JSON.parse(fs.readFileSync(file, 'utf8')) as OrganizationEntry[])
}

/** A data file kept beside the stories, keyed by story file name: in a story's folder or the folder above it. */
function loadBesideStories<Data extends object>({ storyPaths, explicitFile, fileName }: { storyPaths: string[]; explicitFile?: string; fileName: string }): Data {
  const candidates = explicitFile
    ? [explicitFile]
    : Array.from(new Set(storyPaths.map((file) => path.dirname(path.resolve(file))))).flatMap((folder) => [
        path.join(folder, fileName),
        path.join(path.dirname(folder), fileName),
      ])
  const data = {} as Data
  for (const file of new Set(candidates)) {
    if (fs.existsSync(file)) Object.assign(data, JSON.parse(fs.readFileSync(file, 'utf8')) as Data)
  }
  return data
}

/** Alt-text data kept beside the stories: `alt-text.json`. */
export const loadAltText = ({ storyPaths, explicitFile }: { storyPaths: string[]; explicitFile?: string }): AltTextData =>
  loadBesideStories<AltTextData>({ storyPaths, explicitFile, fileName: ALT_TEXT_FILE_NAME })

/** Headlines and deks an editor wrote for the stories, kept beside them: `headlines.json`. */
export const loadHeadlines = ({ storyPaths, explicitFile }: { storyPaths: string[]; explicitFile?: string }): Record<string, StoryHeadline> =>
  loadBesideStories<Record<string, StoryHeadline>>({ storyPaths, explicitFile, fileName: HEADLINES_FILE_NAME })
