// The newsroom's wordmark on the login screen (admin.components.graphics.Logo).
import React from 'react'

import { NEWSROOM_NAME } from './name'
import { Mark } from './Icon'

export function Logo() {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 14 }} data-testid="newsroom-logo">
      <Mark size={56} />
      <span style={{ fontSize: 30, fontWeight: 700, letterSpacing: '-0.01em', color: 'var(--theme-text)' }}>{NEWSROOM_NAME}</span>
    </div>
  )
}

export default Logo
