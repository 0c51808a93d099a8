'use client'
// On an account's page: its holder sees their active sessions (device, address, last seen) and ends any of them;
// an admin looking at someone else's account can end all of that person's sessions.
import { useAuth, useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { errorMessage, formatDate, getJSON } from '../admin/adminApi'

type Session = { id: string; device: string; address: string | null; lastSeenAt: string | null; createdAt: string | null; isCurrent: boolean }

async function remove(url: string): Promise<void> {
  const response = await fetch(url, { method: 'DELETE', credentials: 'include', headers: { Accept: 'application/json' } })
  if (!response.ok) throw new Error(errorMessage(await response.json().catch(() => null), response.status))
}

export function SessionsField() {
  const { user } = useAuth()
  const { id } = useDocumentInfo()
  const isOwnAccount = user && id !== undefined && String(user.id) === String(id)
  const isAdmin = (user as { role?: string } | null)?.role === 'admin'
  const [sessions, setSessions] = useState<Session[] | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  // Bumped after every change, so the list is read again.
  const [version, setVersion] = useState(0)

  useEffect(() => {
    if (!isOwnAccount) return
    getJSON<{ sessions: Session[] }>('/api/users/sessions')
      .then((body) => setSessions(body.sessions))
      .catch((failure: Error) => setMessage(failure.message))
  }, [isOwnAccount, version])

  const act = async (url: string, done: string) => {
    try {
      await remove(url)
      setMessage(done)
      setVersion((value) => value + 1)
    } catch (error) {
      setMessage((error as Error).message)
    }
  }

  if (!id || (!isOwnAccount && !isAdmin)) return null
  return (
    <div className="field-type" style={{ marginBottom: 24 }}>
      <h3>Sessions</h3>
      {message && <p role="status">{message}</p>}
      {isOwnAccount && sessions && (
        <table>
          <thead>
            <tr>
              <th>Device</th>
              <th>Address</th>
              <th>Last seen</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>
                  {session.device}
                  {session.isCurrent ? ' (this browser)' : ''}
                </td>
                <td>{session.address ?? '—'}</td>
                <td>{formatDate(session.lastSeenAt ?? session.createdAt) ?? '—'}</td>
                <td>
                  <button type="button" className="btn btn--style-secondary btn--size-small" onClick={() => act(`/api/users/sessions/${session.id}`, 'The session was ended.')}>
                    End
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="btn btn--style-secondary btn--size-small"
        onClick={() => act(`/api/users/${id}/sessions`, isOwnAccount ? 'Every other session was ended.' : 'All of this person’s sessions were ended.')}
      >
        {isOwnAccount ? 'End all other sessions' : 'End all of this person’s sessions'}
      </button>
    </div>
  )
}
