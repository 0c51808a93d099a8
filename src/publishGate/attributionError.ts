import { ValidationError } from 'payload'

import { type AttributionProblem, summarizeProblems } from './attributionProblems'

const fieldFor = (location: string) =>
  location === 'hero image' ? 'heroImage' : location === 'social image' ? 'socialImage' : 'body'

/**
 * One entry per offending image (REST: errors[0].data.errors[], GraphQL: extensions.data.errors), and a
 * readable top-level message too, because bulk updates keep only that per document.
 */
export function attributionError({ problems, id }: { problems: AttributionProblem[]; id?: number | string }): ValidationError {
  const error = new ValidationError({
    collection: 'articles',
    id,
    errors: problems.map((problem) => ({ path: fieldFor(problem.location), message: problem.message })),
  })
  error.message = summarizeProblems(problems)
  return error
}
