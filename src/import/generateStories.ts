// Synthetic stories for bulk-import benchmarks and tests: deterministic, sharing a pool of photos
// (each photo one caption line, so the importer finds it again), in the seed's plain-text format.

const PHOTOGRAPHERS = ['Aaron Hooper', 'Mandel Ngan', 'Craig Ruttle', 'Dmitry Serebryakov', 'Said Tzarnaev', 'Olivier Douliery']
const CHAINS = ['AFP/Getty Images', 'AP', 'Sputnik/AP', 'Getty Images', 'Pacific Press/Sipa/AP']
const PLACES = ['Paris', 'Moscow', 'New York City', 'Berlin', 'Toronto', 'Madrid', 'London', 'Warsaw']
const SCENES = ['Demonstrators gather', 'Activists hold signs', 'Mourners light candles', 'Volunteers hand out leaflets']
const ACTIONS = [
  'Support the Russian LGBT Network. They help people escape persecution.',
  'Call your representatives and ask them to speak up.',
  'Sign and share this petition by OutRight.',
  'Donate to Amnesty International.',
  'Tweet at the State Department (@StateDept) with #SpeakUp.',
]

/** A small deterministic generator (mulberry32), so the same index always gives the same story. */
const randomFor = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const poolPhotoLine = (photo: number): string => {
  const scene = SCENES[photo % SCENES.length]
  const place = PLACES[Math.floor(photo / SCENES.length) % PLACES.length]
  const photographer = PHOTOGRAPHERS[photo % PHOTOGRAPHERS.length]
  const chain = CHAINS[photo % CHAINS.length]
  return `${scene} in ${place} (pool photo ${photo + 1}). Photo by ${photographer}/${chain}.`
}

export function generateStory({ index, photoPoolSize = 1000 }: { index: number; photoPoolSize?: number }): string {
  const random = randomFor(index + 1)
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]
  const number = String(index + 1).padStart(5, '0')
  const place = pick(PLACES)
  const paragraphs = Array.from({ length: 6 }, (_, n) =>
    `Paragraph ${n + 1} of generated story ${number}: reporters in ${place} spoke with ${pick(['activists', 'officials', 'families', 'lawyers'])}` +
      ` about the crackdown, and ${pick(['Amnesty International', 'the Russian LGBT Network', 'OutRight', 'Human Rights Campaign'])} responded.`,
  )
  const photos = Array.from({ length: 3 }, () => poolPhotoLine(Math.floor(random() * photoPoolSize)))
  const body = [paragraphs[0], photos[0], paragraphs[1], paragraphs[2], photos[1], paragraphs[3], paragraphs[4], photos[2], paragraphs[5]]
  if (index % 2 === 0) {
    body.push("Here's how you can help:", ACTIONS.filter(() => random() < 0.6).map((action, n) => `${n + 1}. ${action}`).join('\n') || `1. ${ACTIONS[0]}`)
  }
  return [`Title: Generated story ${number} from ${place}`, `Dek: A synthetic story for the bulk import benchmark.`, '', body.join('\n\n'), ''].join('\n')
}

export function* generateStories({ count, photoPoolSize = 1000 }: { count: number; photoPoolSize?: number }) {
  for (let index = 0; index < count; index++) yield { index, text: generateStory({ index, photoPoolSize }) }
}
