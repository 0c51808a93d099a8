import type { PayloadRequest } from 'payload'

import type { Article } from '../payload-types'

/**
 * A line in the story's stage log that is not a move: the stage stays as it is (a reader note changed, a desk check
 * waived, a schedule cancelled), by the person making the request. Written in the request's transaction.
 */
export async function noteInStageLog(req: PayloadRequest, { articleId, stage, note }: { articleId: number; stage: Article['stage']; note: string }): Promise<void> {
  await req.payload.create({
    collection: 'article-transitions',
    data: { article: articleId, from: stage, to: stage ?? 'draft', by: req.user?.collection === 'users' ? req.user.id : undefined, note },
    overrideAccess: true,
    req,
  })
}
