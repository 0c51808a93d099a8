/* The reader site's root layout (a route group beside Payload's admin): the rendering lives in src/readerSite. */
import React, { type ReactNode } from 'react'

import '../../readerSite/site.css'

export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
