// The story's body (render-ready Lexical state from the content API) as semantic HTML. Unknown nodes render their
// children, so a new editor feature degrades to its text rather than breaking the page.
import React, { type ReactNode } from 'react'

import { CALLS_TO_ACTION_BLOCK, GALLERY_BLOCK } from '../../collections/Articles/storyReferences'
import type { RenderedCallToAction, RenderedImage } from '../../publicApi/renderStory'
import { safeHref } from '../safeHref'
import { CallsToAction } from './CallsToAction'
import { Figure } from './Figure'

type Node = Record<string, unknown> & { type?: string; children?: unknown[] }

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null
const FORMAT = { bold: 1, italic: 2, strikethrough: 4, underline: 8, code: 16, subscript: 32, superscript: 64 } as const

function renderText(node: Node, key: number): ReactNode {
  let content: ReactNode = String(node.text ?? '')
  const format = typeof node.format === 'number' ? node.format : 0
  if (format & FORMAT.code) content = <code>{content}</code>
  if (format & FORMAT.bold) content = <strong>{content}</strong>
  if (format & FORMAT.italic) content = <em>{content}</em>
  if (format & FORMAT.underline) content = <u>{content}</u>
  if (format & FORMAT.strikethrough) content = <s>{content}</s>
  if (format & FORMAT.subscript) content = <sub>{content}</sub>
  if (format & FORMAT.superscript) content = <sup>{content}</sup>
  return <React.Fragment key={key}>{content}</React.Fragment>
}

type Context = { isStaffPreview: boolean }

function linkHref(fields: Record<string, unknown>): string | null {
  if (fields.linkType === 'custom') return safeHref(fields.url)
  return null
}

function renderNode(node: unknown, key: number, context: Context): ReactNode {
  if (!isNode(node)) return null
  const children = () => (Array.isArray(node.children) ? node.children.map((child, index) => renderNode(child, index, context)) : null)
  switch (node.type) {
    case 'text':
      return renderText(node, key)
    case 'linebreak':
      return <br key={key} />
    case 'paragraph':
      return <p key={key}>{children()}</p>
    case 'heading': {
      // The headline is the page's only h1: body headings start at h2.
      const level = Math.min(6, Math.max(2, Number(String(node.tag ?? 'h2').slice(1)) || 2))
      return React.createElement(`h${level}`, { key }, children())
    }
    case 'quote':
      return <blockquote key={key}>{children()}</blockquote>
    case 'list':
      return node.listType === 'number' ? <ol key={key}>{children()}</ol> : <ul key={key}>{children()}</ul>
    case 'listitem':
      return <li key={key}>{children()}</li>
    case 'horizontalrule':
      return <hr key={key} />
    case 'link':
    case 'autolink': {
      const fields = isNode(node.fields) ? node.fields : {}
      const href = linkHref(fields)
      return href ? (
        <a key={key} href={href} rel={fields.newTab ? 'noopener noreferrer' : undefined} target={fields.newTab ? '_blank' : undefined}>
          {children()}
        </a>
      ) : (
        <React.Fragment key={key}>{children()}</React.Fragment>
      )
    }
    case 'upload':
      return <Figure key={key} image={node.value as RenderedImage} isStaffPreview={context.isStaffPreview} />
    case 'block':
    case 'inlineBlock': {
      const fields = isNode(node.fields) ? node.fields : {}
      if (fields.blockType === CALLS_TO_ACTION_BLOCK) {
        return (
          <CallsToAction
            key={key}
            heading={typeof fields.heading === 'string' ? fields.heading : null}
            image={(fields.image as RenderedImage | null) ?? null}
            items={(fields.callsToAction as RenderedCallToAction[] | undefined) ?? []}
            isStaffPreview={context.isStaffPreview}
          />
        )
      }
      if (fields.blockType === GALLERY_BLOCK) {
        const rows = Array.isArray(fields.images) ? (fields.images as { image?: RenderedImage | null }[]) : []
        return (
          <div key={key} className="gallery">
            {rows.map((row, index) => (
              <Figure key={index} image={row.image} isStaffPreview={context.isStaffPreview} />
            ))}
          </div>
        )
      }
      return null
    }
    default:
      return <React.Fragment key={key}>{children()}</React.Fragment>
  }
}

export function StoryBody({ body, isStaffPreview = false }: { body: unknown; isStaffPreview?: boolean }) {
  const root = isNode(body) && isNode(body.root) ? body.root : null
  if (!root || !Array.isArray(root.children)) return null
  return <div className="story__body">{root.children.map((child, index) => renderNode(child, index, { isStaffPreview }))}</div>
}
