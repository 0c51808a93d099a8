// What people read about a problem the server found: the story by its title, what happened and what to do.
// Never an error's name, stack or a file path: those go to the server log.

/** “2026-12-04 14:30 UTC”: one way to write a time in alerts and emails. */
export const utcMinute = (value: string | Date | null | undefined): string =>
  value ? `${new Date(value).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time'

export const titleOf = (title: string | null | undefined): string => `“${title?.trim() || 'Untitled story'}”`

/** The words of a scheduled publication that failed or did not run: the alert and the dashboard's Scheduled card. */
export function scheduledPublicationProblem({ title, due, hasFailed }: { title: string | null | undefined; due: string | Date | null | undefined; hasFailed: boolean }): string {
  return hasFailed
    ? `${titleOf(title)} did not go live as scheduled for ${utcMinute(due)}: publishing it failed. Open the story, check its publish readiness and that it is still approved, then publish it by hand.`
    : `${titleOf(title)} was scheduled to go live at ${utcMinute(due)}, but the scheduled publication has not run. Check that the job runner is working, or publish the story by hand.`
}

export const overdueReviewMessage = ({ title, due }: { title: string | null | undefined; due: string | Date }) =>
  `The review of ${titleOf(title)} was due ${utcMinute(due)} and is overdue.`
