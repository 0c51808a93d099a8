'use client'
// The photo credit's rendered line, in the house style, updated as the editor types.
import { FieldDescription, FieldLabel, useFormFields } from '@payloadcms/ui'
import type { TextFieldClientComponent } from 'payload'
import React, { useEffect, useState } from 'react'

import { formatCreditLine } from '../../collections/PhotoCredits/creditLine'
import { getJSON, type Paginated, whereIn } from '../adminApi'
import { idOf } from '../../fields/relationIds'
import '../panels.scss'

type Id = number | string

function useOrganizationNames(ids: Id[]): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map())
  const key = ids.map(String).join(',')
  useEffect(() => {
    const wanted = key ? key.split(',') : []
    const missing = wanted.filter((id) => !names.has(id))
    if (missing.length === 0) return
    let isCurrent = true
    getJSON<Paginated<{ id: Id; name: string }>>(`/api/organizations?${whereIn('id', missing)}&depth=0&limit=${missing.length}`)
      .then(({ docs }) => {
        if (!isCurrent) return
        setNames((known) => new Map([...known, ...docs.map((org) => [String(org.id), org.name] as [string, string])]))
      })
      .catch(() => {})
    return () => {
      isCurrent = false
    }
    // `names` is a cache: looking names up again when it changes would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return names
}

export const LiveCreditLine: TextFieldClientComponent = ({ field, path }) => {
  const { photographer, pool, agencies, courtesyOf } = useFormFields(([fields]) => ({
    photographer: fields.photographer?.value as string | undefined,
    pool: fields.pool?.value as boolean | undefined,
    agencies: fields.agencies?.value as unknown[] | undefined,
    courtesyOf: fields.courtesyOf?.value,
  }))
  const agencyIds = (agencies ?? []).map(idOf).filter((id): id is Id => id !== undefined)
  const courtesyId = idOf(courtesyOf)
  const names = useOrganizationNames([...agencyIds, ...(courtesyId !== undefined ? [courtesyId] : [])])
  const nameOf = (id: Id) => names.get(String(id)) ?? null

  const line = formatCreditLine({
    photographer,
    isPool: pool,
    agencies: agencyIds.map(nameOf),
    courtesyOf: courtesyId !== undefined ? nameOf(courtesyId) : null,
  })
  return (
    <div className="field-type" style={{ marginBottom: 24 }}>
      <FieldLabel label={field.label ?? 'Credit line'} path={path} />
      <p className={`nr-credit-preview${line ? '' : ' nr-credit-preview--empty'}`} data-testid="live-credit-line">
        {line ?? 'Name a photographer, an agency or an organization below.'}
      </p>
      <FieldDescription description="Rendered in the house style as you type; saved with the credit." path={path} />
    </div>
  )
}

export default LiveCreditLine
