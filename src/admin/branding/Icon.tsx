// The newsroom's mark in the admin's nav and tab bar (admin.components.graphics.Icon).
import React from 'react'

import { NEWSROOM_NAME } from './name'

/** A folded newspaper with a speech mark: drawn inline, so it works offline and follows the theme's colours. */
export function Mark({ size = 24 }: { size?: number | string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label={NEWSROOM_NAME}>
      <rect x="1" y="1" width="30" height="30" rx="7" fill="#b3261e" />
      <rect x="7" y="8" width="18" height="3" rx="1" fill="#fff" />
      <rect x="7" y="14" width="8" height="10" rx="1" fill="#fff" />
      <rect x="17" y="14" width="8" height="2" rx="1" fill="#fff" />
      <rect x="17" y="18" width="8" height="2" rx="1" fill="#fff" />
      <rect x="17" y="22" width="6" height="2" rx="1" fill="#fff" />
    </svg>
  )
}

/** Payload gives the nav's home link an 18 px box: fill it. */
export function Icon() {
  return <Mark size="100%" />
}

export default Icon
