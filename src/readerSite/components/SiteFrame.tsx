// The page around every reader page: skip link, banner, one main landmark, footer.
import Link from 'next/link'
import React, { type ReactNode } from 'react'

type Props = { siteName: string; children: ReactNode; notice?: ReactNode }

export function SiteFrame({ siteName, children, notice }: Props) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link className="site-header__name" href="/">
          {siteName}
        </Link>
      </header>
      {notice ? (
        <div className="preview-notice" role="status">
          {notice}
        </div>
      ) : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {siteName} · <a href="/api/feeds/rss.xml">RSS feed</a>
        </p>
      </footer>
    </>
  )
}
