// The story's "Versions" tab: every version with who made it, its status and stage, runs of autosaves collapsed
// into one line, each linking to Payload's own comparison view. Replaces Payload's list, which names no author.
import { Gutter, SetDocumentStepNav } from '@payloadcms/ui'
import type { DocumentViewServerProps } from 'payload'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import { newsroomTimeZone } from '../../globals/SiteSettings'
import { loadVersionHistory } from './loadVersionHistory'
import { describeSavers, describeVersion, type VersionSummary } from './versionHistory'

/** A moment in the newsroom's time zone, named: "4 Dec 2026, 16:05 Europe/London". */
const inZone = (timeZone: string) => (value: string) =>
  `${new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone })} ${timeZone}`

export async function StoryVersionsView({ initPageResult }: DocumentViewServerProps) {
  const { docID, req, collectionConfig } = initPageResult
  const { payload, i18n } = req
  const [{ lines, names }, timeZone] = await Promise.all([loadVersionHistory({ req, storyId: docID! }), newsroomTimeZone({ payload, req })])
  const when = inZone(timeZone)
  const nameOf = (id: number | string) => names[String(id)] ?? `user ${id}`
  const link = (version: VersionSummary) =>
    formatAdminURL({ adminRoute: payload.config.routes.admin, path: `/collections/articles/${docID}/versions/${version.id}` })

  const row = (version: VersionSummary) => (
    <tr key={String(version.id)} data-testid="story-version">
      <td>
        <a href={link(version)}>{when(version.updatedAt)}</a>
      </td>
      <td data-testid="story-version-by">{describeSavers([version], nameOf)}</td>
      <td>{describeVersion(version)}</td>
    </tr>
  )

  return (
    <>
      <SetDocumentStepNav
        collectionSlug="articles"
        id={docID}
        pluralLabel={typeof collectionConfig?.labels?.plural === 'string' ? collectionConfig.labels.plural : 'Articles'}
        useAsTitle={collectionConfig?.admin?.useAsTitle}
        view={i18n.t('version:versions')}
      />
      <main className="versions">
        <Gutter className="versions__wrap">
          <p className="nr-muted">Who saved each version. Autosaves between deliberate saves are folded; open a line to see them. Choose a version to compare it with another.</p>
          {lines.length === 0 ? (
            <p>No versions yet.</p>
          ) : (
            <table className="table" style={{ width: '100%' }}>
              <thead>
                <tr>
                  <th align="left">Saved</th>
                  <th align="left">By</th>
                  <th align="left">Version</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) =>
                  line.kind === 'version' ? (
                    row(line.version)
                  ) : (
                    <tr key={`autosaves-${String(line.versions[0]!.id)}`} data-testid="story-autosaves">
                      <td colSpan={3}>
                        <details>
                          <summary>
                            {line.versions.length === 1 ? '1 autosave' : `${line.versions.length} autosaves`} by {describeSavers(line.versions, nameOf)},{' '}
                            {line.versions.length === 1 ? when(line.versions[0]!.updatedAt) : `${when(line.versions[line.versions.length - 1]!.updatedAt)} to ${when(line.versions[0]!.updatedAt)}`}
                          </summary>
                          <table style={{ width: '100%' }}>
                            <tbody>{line.versions.map(row)}</tbody>
                          </table>
                        </details>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          )}
        </Gutter>
      </main>
    </>
  )
}

export default StoryVersionsView
