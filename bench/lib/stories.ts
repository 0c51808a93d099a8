// Bench stories in the seed's plain-text format: N credited photos (caption = real alt text), three listed
// organizations in the text and a calls-to-action block, so every story passes the publish gate.
import fs from 'node:fs'
import path from 'node:path'

import { poolPhotoLine } from '../../src/import/generateStories'

const ORGANIZATIONS = [
  ['Amnesty International', 'the Russian LGBT Network', 'OutRight Action International'],
  ['Human Rights Campaign', 'SOS Homophobie', 'Amnesty International'],
  ['the Russian LGBT Network', 'Human Rights Campaign', 'OutRight Action International'],
]
const ACTIONS = [
  'Support the Russian LGBT Network. They help people escape persecution.',
  'Sign and share this petition by OutRight.',
  'Donate to Amnesty International.',
]

export function benchStory({ index, images, photoPoolSize, title }: { index: number; images: number; photoPoolSize: number; title?: string }): string {
  const number = String(index + 1).padStart(5, '0')
  const [first, second, third] = ORGANIZATIONS[index % ORGANIZATIONS.length]
  const paragraph = (n: number) =>
    `Paragraph ${n + 1} of bench story ${number}: reporters spoke with ${first} and ${second} about the crackdown, and ${third} responded.`
  const body: string[] = [paragraph(0)]
  // Consecutive pool photos from a per-story offset: distinct within a story, shared across stories.
  const offset = (index * 7919) % photoPoolSize
  for (let n = 0; n < images; n++) {
    body.push(poolPhotoLine((offset + n) % photoPoolSize))
    if (n % 2 === 1) body.push(paragraph(n + 1))
  }
  body.push("Here's how you can help:", ACTIONS.map((action, n) => `${n + 1}. ${action}`).join('\n'))
  return [`Title: ${title ?? `Bench story ${number}`}`, 'Dek: A synthetic story for the benchmarks.', '', body.join('\n\n'), ''].join('\n')
}

/** Writes stories to `folder` (once: an existing folder with the right count is reused). */
export function writeStories(folder: string, stories: { name: string; text: string }[]): string {
  if (fs.existsSync(folder) && fs.readdirSync(folder).length === stories.length) return folder
  fs.rmSync(folder, { recursive: true, force: true })
  fs.mkdirSync(folder, { recursive: true })
  for (const { name, text } of stories) fs.writeFileSync(path.join(folder, name), text)
  return folder
}
