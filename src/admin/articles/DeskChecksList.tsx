'use client'
// The desk's checks before approval (src/workflow/deskChecks.ts), as the readiness panel lists them: met, missing,
// or waived (by whom, why); editors may waive a missing one with a note.
import { Button, toast, useAuth } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { Role } from '../../access/roles'
import type { DeskCheckVerdict } from '../../workflow/deskChecks'
import { isEditorRole } from '../../workflow/stages'
import { formatDate, postJSON } from '../adminApi'
import { announceStoryChanged } from '../storyEvents'

type Id = number | string

/** A verdict as GET /api/articles/:id/publish-readiness sends it: the waiver's editor by name. */
export type DeskCheckAnswer = Omit<DeskCheckVerdict, 'waiver'> & {
  waiver: { note: string; waivedAt: string; waivedBy: { id: Id; name: string | null } | null } | null
}

const WAIVABLE_STAGES = ['draft', 'in-review', 'changes-requested']

function WaiveForm({ storyId, check, onDone }: { storyId: Id; check: DeskCheckAnswer; onDone: () => void }) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  const waive = async () => {
    setIsBusy(true)
    setError(null)
    try {
      const result = await postJSON<{ message: string }>(`/api/articles/${storyId}/desk-checks/waive`, { check: check.check, note })
      toast.success(result.message)
      announceStoryChanged()
      onDone()
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setIsBusy(false)
    }
  }
  return (
    <div data-testid="desk-check-waive-form">
      <textarea rows={2} aria-label={`Why the story may be approved without: ${check.label}`} placeholder="Why it may go without" value={note} onChange={(event) => setNote(event.target.value)} />
      <Button buttonStyle="secondary" size="small" disabled={isBusy || !note.trim()} onClick={() => void waive()} extraButtonProps={{ 'data-waive': check.check }}>
        Waive with this note
      </Button>
      {error && (
        <p className="nr-image__missing" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

export function DeskChecksList({ storyId, stage, checks }: { storyId: Id; stage: string | null; checks: DeskCheckAnswer[] }) {
  const { user } = useAuth()
  const [waiving, setWaiving] = useState<string | null>(null)
  const canWaive = isEditorRole((user as { role?: Role } | null)?.role) && WAIVABLE_STAGES.includes(stage ?? 'draft')
  return (
    <div data-testid="desk-checks">
      <h4>Before approval</h4>
      <ul className="nr-notes">
        {checks.map((check) => (
          <li key={check.check} data-testid="desk-check" data-check={check.check} data-state={check.isMet ? 'met' : check.waiver ? 'waived' : 'missing'}>
            <strong>{check.isMet ? '✓' : check.waiver ? '–' : '✗'}</strong> {check.label}
            {check.waiver ? (
              <div className="nr-muted">
                Waived by {check.waiver.waivedBy?.name ?? 'an editor'} {formatDate(check.waiver.waivedAt)}: “{check.waiver.note}”
              </div>
            ) : (
              !check.isMet && <div className="nr-muted">{check.problem}</div>
            )}
            {canWaive && !check.isMet && !check.waiver && check.isWaivable && (
              waiving === check.check ? (
                <WaiveForm storyId={storyId} check={check} onDone={() => setWaiving(null)} />
              ) : (
                <Button buttonStyle="secondary" size="small" onClick={() => setWaiving(check.check)}>
                  Waive…
                </Button>
              )
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
