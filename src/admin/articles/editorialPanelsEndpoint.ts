// GET /api/articles/:id/editorial-panels: everything the story's edit page shows beside the form, in one answer, so
// that opening a story asks the server once instead of once per panel (src/admin/articles/useEditorialPanels.ts).
// Each part is what its own endpoint answers (publish-readiness, edit-warning, workflow/reviewers), read with the
// caller's access.
import { staffEndpoint } from '../../access/staffEndpoints'
import { serverTiming } from '../../server/serverTiming'
import { collectStoryReferences } from '../../collections/Articles/storyReferences'
import { idOf, rowIdOf, type Id } from '../../fields/relationIds'
import { publishReadinessOf } from '../../publishGate/publishReadinessEndpoint'
import { editWarningFor } from '../../workflow/editWarningEndpoint'
import { reviewersOf } from '../../workflow/reviewersEndpoint'
import { allowedMoves, isStage } from '../../workflow/stages'
import { describeImages, type EditorialPanels, type MediaSummary, type PanelNote, type PanelStageChange, type StoryDraft } from './storyData'

/** A story id as the database has them; anything else is answered before any query. */
const isRowId = (value: string | undefined): value is string => typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)

export const editorialPanelsEndpoint = staffEndpoint({
  path: '/:id/editorial-panels',
  method: 'get',
  refusals: { signIn: 'Sign in to open stories.', notStaff: 'Only newsroom staff open stories in the admin.' },
  handler: async ({ req, user, id }) => {
    const timing = serverTiming()
    const notFound = () => Response.json({ errors: [{ message: `There is no story ${String(id).slice(0, 40)} you can read.` }] }, { status: 404 })
    if (!isRowId(id)) return notFound()
    const asCaller = { user, overrideAccess: false, req, depth: 0 } as const
    const story = await req.payload.findByID({ collection: 'articles', id, draft: true, disableErrors: true, ...asCaller })
    if (!story) return notFound()
    timing.step('story')

    // An id that is no row id (written in SQL) points at nothing: the gate reports it missing; it is never queried.
    const imageIds = collectStoryReferences(story).imageIds.map(rowIdOf).filter((mediaId) => mediaId !== undefined)
    const [verdict, editWarning, media, notes, stageChanges] = await Promise.all([
      publishReadinessOf({ story, user, req }),
      editWarningFor({ latest: story, user, req }),
      imageIds.length
        ? req.payload.find({
            collection: 'media',
            where: { id: { in: imageIds } },
            select: {
              filename: true,
              alt: true,
              caption: true,
              creditLine: true,
              credit: true,
              url: true,
              thumbnailURL: true,
              sizes: { thumbnail: { url: true, filename: true } },
              // The rights the photo's file states and what a person must decide, beside the credit line.
              aiDisclosure: true,
              needsAPerson: true,
              licenseExpiresAt: true,
              embeddedMetadata: { usageTerms: true, licensor: true, webStatement: true, licenseExpiresAt: true, copyrightNotice: true },
            },
            limit: imageIds.length,
            pagination: false,
            ...asCaller,
          })
        : Promise.resolve({ docs: [] }),
      req.payload.find({
        collection: 'editorial-notes',
        where: { article: { equals: story.id } },
        select: { text: true, author: true, createdAt: true },
        sort: 'createdAt',
        limit: 100,
        ...asCaller,
      }),
      req.payload.find({
        collection: 'article-transitions',
        where: { article: { equals: story.id } },
        select: { from: true, to: true, note: true, overrideReason: true, by: true, createdAt: true },
        sort: '-createdAt',
        limit: 50,
        ...asCaller,
      }),
    ])
    const readiness = 'readiness' in verdict ? verdict.readiness : null
    timing.step('panels')

    const writerIds = [...(story.authors ?? []), ...(story.writers ?? [])].map(idOf).filter((value): value is Id => value !== undefined)
    const isAuthor = writerIds.some((writer) => String(writer) === String(user.id))
    const stage = isStage(story.stage) ? story.stage : 'draft'
    const maySubmit = allowedMoves({ from: stage, actor: { role: user.role, isAuthor } }).some((move) => move.to === 'in-review')

    const mentioned = [
      ...writerIds,
      idOf(story.reviewer),
      idOf(story.approvedBy),
      ...notes.docs.map((note) => idOf(note.author)),
      ...stageChanges.docs.map((change) => idOf(change.by)),
    ].filter((value): value is Id => value !== undefined)
    const personIds = [...new Set(mentioned.map(String))]
    const [people, reviewers] = await Promise.all([
      personIds.length
        ? req.payload.find({ collection: 'users', where: { id: { in: personIds } }, select: { name: true }, limit: personIds.length, pagination: false, ...asCaller })
        : Promise.resolve({ docs: [] as { id: number; name?: string | null }[] }),
      maySubmit ? reviewersOf(req) : Promise.resolve([]),
    ])
    timing.step('people')

    const draft: StoryDraft = {
      id: story.id,
      title: story.title,
      stage: story.stage,
      _status: story._status,
      authors: story.authors,
      writers: story.writers,
      reviewer: story.reviewer,
      approvedBy: story.approvedBy,
      dueAt: story.dueAt,
      updatedAt: story.updatedAt,
    }
    const answer: EditorialPanels = {
      story: draft,
      readiness,
      readinessRefusal: 'refusal' in verdict ? verdict.refusal : null,
      images: describeImages({ story, readiness, media: media.docs as MediaSummary[] }),
      notes: notes.docs.map((note): PanelNote => ({ id: note.id, text: note.text, createdAt: note.createdAt, author: idOf(note.author) ?? null })),
      stageChanges: stageChanges.docs.map(
        (change): PanelStageChange => ({
          id: change.id,
          from: change.from ?? null,
          to: change.to,
          note: change.note ?? null,
          overrideReason: change.overrideReason ?? null,
          createdAt: change.createdAt,
          by: idOf(change.by) ?? null,
        }),
      ),
      editWarning,
      people: Object.fromEntries(people.docs.map((person) => [String(person.id), person.name ?? `user ${person.id}`])),
      reviewers,
    }
    return Response.json(answer, { headers: { 'Cache-Control': 'private, no-store', 'Server-Timing': timing.header() } })
  },
})
