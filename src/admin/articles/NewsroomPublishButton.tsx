'use client'
// Payload's Publish button with its schedule drawer, as a newsroom needs it: offered to editors only, the drawer
// starting on "Publish" for a story readers have never seen, in the newsroom's time zone, and saying why it has
// nothing to offer before approval.
import { ConfigProvider, PublishButton, useAuth, useConfig, useDocumentInfo, useModal } from '@payloadcms/ui'
import React, { useEffect, useMemo } from 'react'

import { withNewsroomZones } from '../../workflow/newsroomTimeZone'
import { unpublishedVersionsOf, whyNothingCanBeScheduled } from '../../workflow/scheduleDrawer'
import { isEditorRole, isStage } from '../../workflow/stages'

export type NewsroomPublishButtonProps = React.ComponentProps<typeof PublishButton> & {
  newsroomTimeZone: string
  /** The latest draft's stage and headline, and whether readers see the story, as the page was rendered. */
  stage?: string | null
  title?: string | null
  isLive?: boolean
}

/**
 * Says `notice` at the top of Payload's schedule drawer while it is open. The drawer is not one of Payload's
 * replaceable components, so the line is placed into it (Payload 3.90's class names: `schedule-publish`,
 * `schedule-publish__scheduler`; `banner--type-info` is its Banner's look).
 */
function useNoticeInScheduleDrawer({ isOpen, notice }: { isOpen: boolean; notice: string | null }) {
  useEffect(() => {
    if (!isOpen || !notice) return
    let placed: HTMLElement | null = null
    const place = () => {
      const scheduler = document.querySelector('.schedule-publish .schedule-publish__scheduler')
      if (!scheduler) return false
      placed = document.createElement('div')
      placed.className = 'banner banner--type-info'
      placed.setAttribute('role', 'status')
      placed.dataset.testid = 'schedule-notice'
      placed.textContent = notice
      scheduler.prepend(placed)
      return true
    }
    const observer = place() ? null : new MutationObserver(() => place() && observer?.disconnect())
    observer?.observe(document.body, { childList: true, subtree: true })
    return () => {
      observer?.disconnect()
      placed?.remove()
    }
  }, [isOpen, notice])
}

export function NewsroomPublishButton({ newsroomTimeZone, stage, title, isLive = false, ...buttonProps }: NewsroomPublishButtonProps) {
  const { user } = useAuth()
  const { config } = useConfig()
  const { id, hasPublishedDoc, unpublishedVersionCount, setUnpublishedVersionCount } = useDocumentInfo()
  const { isModalOpen } = useModal()

  // Payload's drawer opens on "Unpublish" for a story that was never published (scheduleDrawer.ts says why).
  useEffect(() => {
    const counted = unpublishedVersionsOf({ hasPublishedDoc, unpublishedVersionCount })
    if (counted !== unpublishedVersionCount) setUnpublishedVersionCount(counted)
  }, [hasPublishedDoc, unpublishedVersionCount, setUnpublishedVersionCount])

  // The drawer opens in the zone of the site settings; Payload's own config only knows the server's default.
  const scheduleConfig = useMemo(
    () => ({
      ...config,
      admin: {
        ...config.admin,
        timezones: {
          ...config.admin.timezones,
          defaultTimezone: newsroomTimeZone,
          supportedTimezones: withNewsroomZones(config.admin.timezones.supportedTimezones, newsroomTimeZone),
        },
      },
    }),
    [config, newsroomTimeZone],
  )

  const notice = whyNothingCanBeScheduled({ stage: isStage(stage) ? stage : 'draft', title: title || 'This story', isLive })
  useNoticeInScheduleDrawer({ isOpen: id !== undefined && isModalOpen(`schedule-publish-${id}`), notice })

  if (!isEditorRole((user as { role?: Parameters<typeof isEditorRole>[0] } | null)?.role)) return null
  return (
    <ConfigProvider config={scheduleConfig}>
      <PublishButton {...buttonProps} />
    </ConfigProvider>
  )
}

export default NewsroomPublishButton
