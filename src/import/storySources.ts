// The files an import reads: story files and folders of them, the organizations list, alt-text data.
import fs from 'node:fs'
import path from 'node:path'

import { createOrganizationDirectory, type OrganizationEntry } from './organizationDirectory'
import { projectFolder } from '../projectFolder'
import type { AltTextData, StorySource } from './importStories'

export const ORGANIZATIONS_FILE = path.join(projectFolder, 'content/organizations.json')
export const ALT_TEXT_FILE_NAME = 'alt-text.json'

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

/** Alt-text data kept beside the stories: `alt-text.json` in a story's folder or the folder above it. */
export function loadAltText({ storyPaths, explicitFile }: { storyPaths: string[]; explicitFile?: string }): AltTextData {
  const candidates = explicitFile
    ? [explicitFile]
    : Array.from(new Set(storyPaths.map((file) => path.dirname(path.resolve(file))))).flatMap((folder) => [
        path.join(folder, ALT_TEXT_FILE_NAME),
        path.join(path.dirname(folder), ALT_TEXT_FILE_NAME),
      ])
  const data: AltTextData = {}
  for (const file of new Set(candidates)) {
    if (fs.existsSync(file)) Object.assign(data, JSON.parse(fs.readFileSync(file, 'utf8')) as AltTextData)
  }
  return data
}
