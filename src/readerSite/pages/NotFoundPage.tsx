// The reader site's 404: for unknown stories, and for drafts the visitor may not see (which must look the same).
import Link from 'next/link'
import React from 'react'

import { SiteFrame } from '../components/SiteFrame'

export function NotFoundPage() {
  return (
    <SiteFrame siteName="Newsroom">
      <h1>Page not found</h1>
      <p>
        There is no published story at this address. If you were given a preview link, it may have expired or been revoked: ask
        the newsroom for a new one.
      </p>
      <p>
        <Link href="/">Read the latest stories</Link>
      </p>
    </SiteFrame>
  )
}
