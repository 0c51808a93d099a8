'use client'
// Writes each body image's caption and credit line beneath it in the editor (src/lexical/creditLinesUnderImages.ts).
// Payload's upload node draws the image card inside the node's element; this plugin adds one line of its own to
// that element (plain text, never HTML) and keeps it current as the story's panels' answer changes.
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext.js'
import { $isUploadNode, createClientFeature, UploadNode } from '@payloadcms/richtext-lexical/client'
import { $getNodeByKey } from 'lexical'
import { useEffect, useState } from 'react'

import type { EditorialPanels } from '../admin/articles/storyData'
import { useEditorialPanels } from '../admin/articles/useEditorialPanels'
import { creditLinesOf } from './creditLines'
import './storyEditor.scss'

type ShownImage = { key: string; element: HTMLElement; mediaId: string; caption: string | null }

/** The upload nodes on screen: their element, the photo they show and the caption this story gives it. */
function useShownImages(): ShownImage[] {
  const [editor] = useLexicalComposerContext()
  const [images, setImages] = useState<ShownImage[]>([])
  useEffect(() => {
    const known = new Map<string, ShownImage>()
    return editor.registerMutationListener(UploadNode, (mutations) => {
      editor.getEditorState().read(() => {
        for (const [key, mutation] of mutations) {
          const node = mutation === 'destroyed' ? null : $getNodeByKey(key)
          const element = editor.getElementByKey(key)
          if (!node || !$isUploadNode(node) || !element) {
            known.delete(key)
            continue
          }
          const { value, fields } = node.getData()
          const caption = typeof fields?.caption === 'string' && fields.caption.trim() ? fields.caption : null
          known.set(key, { key, element, mediaId: String(typeof value === 'object' && value ? value.id : value), caption })
        }
      })
      setImages([...known.values()])
    })
  }, [editor])
  return images
}

function writeCreditLines({ image, panels }: { image: ShownImage; panels: EditorialPanels | null }): HTMLElement {
  let box = image.element.querySelector<HTMLElement>(':scope > .nr-editor-credit')
  if (!box) {
    box = document.createElement('div')
    box.className = 'nr-editor-credit'
    box.contentEditable = 'false'
    box.dataset.testid = 'editor-image-credit'
    image.element.appendChild(box)
  }
  box.dataset.mediaId = image.mediaId
  box.replaceChildren(
    ...creditLinesOf({ image, panels }).map(({ kind, text }) => {
      const line = document.createElement('span')
      line.className = `nr-editor-credit__${kind}`
      line.textContent = text
      return line
    }),
  )
  return box
}

function CreditLinesUnderImages() {
  const images = useShownImages()
  const { data } = useEditorialPanels()
  useEffect(() => {
    const boxes = images.map((image) => writeCreditLines({ image, panels: data }))
    return () => boxes.forEach((box) => box.remove())
  }, [images, data])
  return null
}

export const CreditLinesUnderImagesClient = createClientFeature({
  plugins: [{ Component: CreditLinesUnderImages, position: 'normal' }],
})
