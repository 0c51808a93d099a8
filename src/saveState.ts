// What the hooks of one request hand each other (a write's intent, the story as it was before the save, the
// versions a writer said they read, the files an upload wrote), typed. The only place that names keys on
// `req.context`: Payload keeps that object for the whole request, also across the Local API calls its hooks
// make with the same `req`.
import type { RequestContext } from 'payload'

import type { KeptFiles } from './collections/Media/hooks/refusedUploadsChangeNoFiles'
import type { ArticleWriteIntent } from './collections/Articles/hooks/rememberWriteIntent'
import type { StoryAfterSave, StoryBeforeSave } from './collections/Articles/storyRow'
import type { VisibilitySeeds } from './visibility/publicVisibility'
import type { WorkflowContext } from './workflow/enforceEditorialWorkflow'
import type { DeskCheckWaiver } from './workflow/deskChecks'
import type { CorrectionRequest } from './workflow/publishCorrection'

type ById<T> = Record<string, T>

export type SaveState = {
  /** rememberWriteIntent → enforceEditorialWorkflow: the `draft` argument and the `_status` the client sent. */
  articleWrite: ArticleWriteIntent
  /** transitionArticle → enforceEditorialWorkflow, recordStageChange: the move asked for by name. */
  workflowTransition: WorkflowContext
  /** waiveDeskCheck → keepDeskCheckWaivers, logDeskCheckWaiver: an editor waives one desk check, with a note. */
  deskCheckWaiver: DeskCheckWaiver
  /** enforceEditorialWorkflow → recordStageChange: the log line of a move the save made by itself. */
  automaticStageNote: string
  /** publishCorrection → keepPublishedReaderNotes, enforceEditorialWorkflow: a correction asked for by name. */
  correctionRequest: CorrectionRequest
  /** enforceEditorialWorkflow → recordStageChange: this save published a correction of a live story; its log line. */
  publishedCorrection: { note: string }
  /** keepPublishedReaderNotes → logReaderNoteChanges: an editor's changes to notes readers have seen. */
  readerNoteChanges: string[]
  /** loadStoryBeforeSave → the story's hooks: its row and latest version before the save, read once. */
  storiesBeforeSave: ById<StoryBeforeSave | null>
  /** The live row after the save, read once by whichever afterChange hook asks first. */
  storiesAfterSave: ById<StoryAfterSave | null>
  /** rememberLiveStoryReferencesBeforeDelete → refreshStoryVisibilityAfterDelete. */
  liveReferencesBeforeDelete: ById<VisibilitySeeds>
  /** What each write said it was based on, by document (`media:12`; `media:*` for a bulk edit). */
  expectedVersions: ById<string>
  /** The browser tab each write came from, by document. */
  editingSessions: ById<string>
  /** The X-Expected-Updated-At header belongs to the request's own write, not to its hooks' writes. */
  isExpectedVersionHeaderTaken: boolean
  /** keepUploadedBytes → prefillFromFileMetadata: the file as uploaded, before Payload re-encodes it (WebP, GIF). */
  uploadedFileBytes: Buffer
  /** The tab of the request's own write, echoed in the answer so the form keeps it. */
  editingSession: string
  /** A replaced photo's files, kept aside until the write succeeds. */
  keptUploadFiles: KeptFiles
  /** The files this upload wrote, removed again if the write is refused. */
  writtenUploadFiles: string[]
  /** noteCreditChangesForWriteBack → queueWriteBackOfChangedCredits: credits whose photos' files need the new credit. */
  creditsToWriteBack: number[]
  /** keepOnlyTheKeysHash → stampApiKeyDates: this save issued a new API key (its plain value is never stored). */
  isApiKeyIssued: boolean
  /** noticeCredentialChanges → recordAccountChanges: a password was set (Payload drops it before afterChange). */
  isPasswordChanged: boolean
  /** noticeCredentialChanges → recordAccountChanges: a different API key was given. */
  isApiKeyReplaced: boolean
  /** noteSignInOperation → requireSecondFactor: Payload runs beforeLogin for a login and for a password reset. */
  signInOperation: 'login' | 'resetPassword'
  /** The demo seed's own moves (src/seed/): the workflow runs, but nobody is emailed about made-up stories. */
  isWithoutNotifications: boolean
}

type HasContext = { context: RequestContext }

export const readSaveState = <Key extends keyof SaveState>(req: HasContext, key: Key): SaveState[Key] | undefined =>
  req.context[key] as SaveState[Key] | undefined

export function writeSaveState<Key extends keyof SaveState>(req: HasContext, key: Key, value: SaveState[Key] | undefined): void {
  req.context[key] = value
}

export function forgetSaveState(req: HasContext, key: keyof SaveState): void {
  delete req.context[key]
}

/** Reads and forgets: for state that belongs to one save only. */
export function takeSaveState<Key extends keyof SaveState>(req: HasContext, key: Key): SaveState[Key] | undefined {
  const value = readSaveState(req, key)
  forgetSaveState(req, key)
  return value
}

type ByIdKey = { [Key in keyof SaveState]: SaveState[Key] extends ById<unknown> ? Key : never }[keyof SaveState]

/** A per-document table of the state (created on first use), e.g. `saveStateById(req, 'expectedVersions')['media:12']`. */
export const saveStateById = <Key extends ByIdKey>(req: HasContext, key: Key): SaveState[Key] =>
  (req.context[key] ??= {}) as SaveState[Key]

/** The `context` of a Local API call that starts a save with some state given (a move asked for by name). */
export const saveStateForCall = (state: Partial<SaveState>): RequestContext => state

/**
 * A request to hand a Local API call that starts with some state given, when the call takes `req` rather than
 * `context`. One per call: Payload keeps a call's transaction on the request object it is given.
 */
export const requestWithSaveState = (state: Partial<SaveState>): { context: RequestContext } => ({ context: state })
