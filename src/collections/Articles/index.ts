import type { CollectionConfig } from 'payload'
import { recordDeletion } from '../../audit/auditHooks'
import { richText } from 'payload/shared'

import { isEditorOrAdminField, nobody, staffField } from '../../access/fieldAccess'
import { accessFromPolicy } from '../../access/policy'
import { refuseUnreadableQueryPaths } from '../../access/queryPaths'
import { storyEditor } from '../../lexical/storyEditor'
import { realTextValidation } from '../../fields/realTextValidation'
import { slugField } from '../../fields/slug'
import {
  refreshStoryVisibilityAfterChange,
  refreshStoryVisibilityAfterDelete,
  rememberLiveStoryReferencesBeforeDelete,
} from '../../visibility/refreshPublicVisibility'
import { announceStoryChange, announceStoryDelete } from '../../cache/announceContentChanges'
import { checkLexicalShape } from '../../lexical/lexicalShape'
import { refuseLinksToItself } from '../../lexical/linksToItself'
import { scheduleWithdrawalsOfLiveStory } from '../../licenses/scheduleWithdrawalHooks'
import { editingVersionFields } from '../../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion, takeExpectedVersionOfDocument } from '../../concurrentEditing/requireCurrentVersion'
import { editorsTakeTurns } from '../../concurrentEditing/takeTurnsEditing'
import { requireImageAttribution } from '../../publishGate'
import { STAGE_OPTIONS } from '../../workflow/stages'
import { publishReadinessEndpoint } from '../../publishGate/publishReadinessEndpoint'
import { transitionEndpoint } from '../../workflow/transitionEndpoint'
import { publishCorrectionEndpoint } from '../../workflow/publishCorrectionEndpoint'
import { editWarningEndpoint } from '../../workflow/editWarningEndpoint'
import { editorialPanelsEndpoint } from '../../admin/articles/editorialPanelsEndpoint'
import { cancelSchedulesOfUnapprovedStory } from '../../workflow/cancelSchedulesOfUnapprovedStory'
import { readerNotesField } from '../../corrections/readerNotes'
import { keepPublishedReaderNotes, logReaderNoteChanges } from '../../corrections/keepPublishedReaderNotes'
import { addWriterAsAuthor } from './hooks/addWriterAsAuthor'
import { enforceEditorialWorkflow } from '../../workflow/enforceEditorialWorkflow'
import { deskCheckWaiversField, hideDeskCheckWaiversFromReaders, keepDeskCheckWaivers, logDeskCheckWaiver } from '../../workflow/deskCheckWaivers'
import { waiveDeskCheckEndpoint } from '../../workflow/waiveDeskCheckEndpoint'
import { recordStageChange } from '../../workflow/recordStageChange'
import { refuseMalformedBody } from './hooks/refuseMalformedBody'
import { rememberWriteIntent } from './hooks/rememberWriteIntent'
import { fillStoryReferences } from './hooks/fillStoryReferences'
import { keepPreviousSlugs } from './hooks/keepPreviousSlugs'
import { stampPublishedAt } from './hooks/stampPublishedAt'
import { rememberWhetherLive } from './hooks/rememberWhetherLive'
import { rememberWhoSaved } from './hooks/rememberWhoSaved'
import { notDiffed } from '../../fields/notDiffed'
import { loadStoryBeforeSave } from './storyRow'
import { importKeyField } from '../../import/importKeyField'
import { fillSearchText } from '../../search/fillSearchText'
import { searchStories } from '../../search/searchStories'
import { searchTextField } from '../../search/searchTextField'
import { draftPreviewPath, siteUrl } from '../../readerSite/addresses'

/** Filled by fillStoryReferences from one walk of the story; staff read them, nobody writes them. */
const storyIndex = (name: string, relationTo: 'media' | 'calls-to-action' | 'organizations', label: string) =>
  notDiffed({
    name,
    label,
    type: 'relationship',
    relationTo,
    hasMany: true,
    index: true,
    access: { read: staffField },
    admin: { readOnly: true, hidden: true },
  } as const)

export const Articles: CollectionConfig = {
  slug: 'articles',
  admin: {
    // The Preview button and the live preview show the latest draft rendered as readers will see it (signed-in
    // staff only; src/readerSite), on FRONTEND_URL's site when the newsroom runs its own.
    preview: (doc) => (doc?.id ? `${siteUrl()}${draftPreviewPath(doc.id as number)}` : null),
    livePreview: { url: ({ data }) => (data?.id ? `${siteUrl()}${draftPreviewPath(data.id as number)}` : null) },
    useAsTitle: 'title',
    defaultColumns: ['title', 'stage', '_status', 'updatedAt'],
    // The search box searches headline, dek, body and credits (src/search/).
    listSearchableFields: ['searchText'],
    group: 'Content',
    components: {
      // Text typed into the search box while the list is still loading is kept (it was wiped).
      beforeListTable: ['/src/search/KeepTypingBeforeTheListLoads#KeepTypingBeforeTheListLoads'],
      edit: {
        beforeDocumentControls: ['/src/admin/articles/PublishBlockedNotice#PublishBlockedNotice'],
        // Writers are not offered Publish: only editors publish (src/workflow/stageOfSave.ts refuses everyone else).
        PublishButton: '/src/admin/articles/PublishButtonForEditors#PublishButtonForEditors',
      },
      // Who made each version, autosaves collapsed (src/admin/versions/); comparing two stays Payload's own view.
      views: { edit: { versions: { Component: '/src/admin/versions/StoryVersionsView#StoryVersionsView' } } },
    },
  },
  trash: true,
  // The public list counts the live stories: with this index it reads the index alone, not every row's body
  // (src/publicApi/storySummaries.ts).
  indexes: [{ fields: ['_status', 'deletedAt'] }],
  versions: {
    maxPerDoc: 100,
    drafts: {
      autosave: { interval: 800 },
      schedulePublish: true,
      validate: false,
    },
  },
  access: accessFromPolicy('articles'),
  hooks: {
    beforeOperation: [refuseUnreadableQueryPaths, searchStories, rememberWriteIntent, refuseMalformedBody, takeExpectedVersionOfDocument, editorsTakeTurns],
    beforeChange: [
      requireCurrentVersion({ name: 'this story', pronoun: 'it' }),
      // Reads (and locks) the story as it was, once, for the hooks below and the afterChange hooks.
      loadStoryBeforeSave,
      addWriterAsAuthor,
      keepPreviousSlugs,
      fillStoryReferences,
      // Before the workflow fingerprints the content: notes to readers are part of it.
      keepPublishedReaderNotes,
      fillSearchText,
      // Before the workflow, whose approval reads the waivers this save keeps.
      keepDeskCheckWaivers,
      enforceEditorialWorkflow,
      requireImageAttribution,
      rememberWhetherLive,
      rememberWhoSaved,
      stampPublishedAt,
    ],
    beforeDelete: [rememberLiveStoryReferencesBeforeDelete],
    afterRead: [hideDeskCheckWaiversFromReaders],
    afterChange: [
      rememberEditingSession,
      refreshStoryVisibilityAfterChange,
      recordStageChange,
      logReaderNoteChanges,
      logDeskCheckWaiver,
      cancelSchedulesOfUnapprovedStory,
      scheduleWithdrawalsOfLiveStory,
      // Cache invalidation and webhooks, once the story's own bookkeeping is done.
      announceStoryChange,
    ],
    afterDelete: [refreshStoryVisibilityAfterDelete, recordDeletion, announceStoryDelete],
  },
  endpoints: [transitionEndpoint, publishCorrectionEndpoint, editWarningEndpoint, publishReadinessEndpoint, waiveDeskCheckEndpoint, editorialPanelsEndpoint],
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 300, validate: realTextValidation('the headline') },
    slugField('title'),
    {
      name: 'previousSlugs',
      type: 'array',
      admin: { readOnly: true, position: 'sidebar', description: 'Old addresses that redirect here.' },
      fields: [{ name: 'slug', type: 'text', required: true, index: true }],
    },
    { name: 'dek', type: 'textarea', maxLength: 600, admin: { description: 'The standfirst under the headline.' } },
    {
      name: 'authors',
      type: 'relationship',
      relationTo: 'users',
      hasMany: true,
      admin: { position: 'sidebar' },
    },
    {
      name: 'contributors',
      type: 'array',
      admin: { description: 'Bylines for people without an account: freelancers, wire services.' },
      fields: [
        { name: 'name', type: 'text', required: true, validate: realTextValidation('the contributor’s name') },
        { name: 'role', type: 'text', validate: realTextValidation('the contributor’s role'), admin: { description: 'e.g. “Additional reporting”' } },
      ],
    },
    { name: 'heroImage', type: 'upload', relationTo: 'media' },
    { name: 'heroCaption', type: 'textarea', admin: { description: 'Overrides the hero image’s default caption.' } },
    {
      name: 'body',
      type: 'richText',
      editor: storyEditor,
      validate: async (value, options) => {
        const shape = checkLexicalShape(value)
        if (shape !== true) return shape
        const selfLink = refuseLinksToItself({ body: value, storyId: options.id })
        if (selfLink) return selfLink
        return richText(value, options)
      },
    },
    readerNotesField,
    { name: 'organizations', type: 'relationship', relationTo: 'organizations', hasMany: true },
    { name: 'callsToAction', type: 'relationship', relationTo: 'calls-to-action', hasMany: true },
    { name: 'socialImage', type: 'upload', relationTo: 'media' },
    // A story is filed under a handful of topics; the limit also keeps one write within what one SQL statement can carry.
    { name: 'topics', type: 'text', hasMany: true, maxRows: 50, index: true, admin: { position: 'sidebar' } },
    { name: 'publishedAt', type: 'date', index: true, admin: { position: 'sidebar', readOnly: true } },
    ...editingVersionFields.map(notDiffed),
    {
      // The publish gate's verdict and the workflow's moves, notes and log (client component).
      name: 'editorialPanels',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/src/admin/articles/StorySidebar#StorySidebar' } },
    },
    {
      name: 'stage',
      type: 'select',
      defaultValue: 'draft',
      index: true,
      options: STAGE_OPTIONS,
      // Moves go through POST /api/articles/:id/transition; the hooks set it, clients never do.
      access: { create: nobody, update: nobody, read: staffField },
      admin: { position: 'sidebar', readOnly: true },
    },
    notDiffed({
      // Whether readers see the story (rememberWhetherLive): lists of latest drafts show a live story as live.
      name: 'isLive',
      label: 'Live',
      type: 'checkbox',
      defaultValue: false,
      index: true,
      access: { create: nobody, update: nobody, read: staffField },
      admin: {
        position: 'sidebar',
        readOnly: true,
        components: { Cell: '/src/admin/articles/LiveStatus#LiveStatusCell', Field: '/src/admin/articles/LiveStatus#LiveStatusField' },
      },
    }),
    {
      // Who made each version (rememberWhoSaved): the version history lists it.
      name: 'savedBy',
      label: 'Saved by',
      type: 'relationship',
      relationTo: 'users',
      access: { create: nobody, update: nobody, read: staffField },
      admin: { hidden: true },
    },
    {
      name: 'reviewer',
      type: 'relationship',
      relationTo: 'users',
      filterOptions: { role: { in: ['editor', 'admin'] } },
      access: { create: isEditorOrAdminField, update: isEditorOrAdminField, read: staffField },
      // Chosen in the workflow panel when the story is submitted for review (POST /api/articles/:id/transition).
      admin: { position: 'sidebar', hidden: true },
    },
    {
      name: 'dueAt',
      type: 'date',
      index: true,
      access: { create: isEditorOrAdminField, update: isEditorOrAdminField, read: staffField },
      admin: { position: 'sidebar', hidden: true, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'approvedBy',
      type: 'relationship',
      relationTo: 'users',
      access: { create: nobody, update: nobody, read: staffField },
      // Shown by name in the workflow panel (one request for every panel, not one more per field).
      admin: { position: 'sidebar', readOnly: true, hidden: true },
    },
    notDiffed({
      // Filled by enforceEditorialWorkflow; separation of duties reads it (src/workflow/writersOfRevision.ts).
      name: 'writers',
      type: 'relationship',
      relationTo: 'users',
      hasMany: true,
      access: { create: nobody, update: nobody, read: staffField },
      // Shown by name in the workflow panel, with what it means for approval.
      admin: { position: 'sidebar', readOnly: true, hidden: true },
    }),
    deskCheckWaiversField,
    notDiffed({ name: 'contentHash', type: 'text', access: { read: staffField }, admin: { hidden: true } }),
    storyIndex('images', 'media', 'Images shown'),
    storyIndex('bodyCallsToAction', 'calls-to-action', 'Calls to action in the body'),
    storyIndex('mentionedOrganizations', 'organizations', 'Organizations linked in the body'),
    // Importing the same text again finds this story instead of a copy.
    notDiffed(importKeyField('importHash')),
    notDiffed(searchTextField),
  ],
}
