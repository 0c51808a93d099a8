// The project's folder (the one whose package.json names this project), found by walking up from this module.
// The TypeScript sources (src/…) and the compiled bundle (dist/src/…, dist/chunks/…) sit at different depths,
// so a fixed '../..' from import.meta.url is right in one of them only.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PROJECT_NAME = 'newsroom-cms'

function isProjectFolder(folder: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: string }).name === PROJECT_NAME
  } catch {
    return false
  }
}

/** The nearest folder at or above `start` that holds this project's package.json; the working folder if none does. */
export function findProjectFolder(start: string): string {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    if (isProjectFolder(folder)) return folder
    if (path.dirname(folder) === folder) return process.cwd()
  }
}

function thisModuleFolder(): string {
  try {
    return path.dirname(fileURLToPath(import.meta.url))
  } catch {
    // A bundler that rewrites import.meta.url into something other than a file URL (Next's server bundle).
    return process.cwd()
  }
}

export const projectFolder = findProjectFolder(thisModuleFolder())
