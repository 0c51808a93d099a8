// The newsroom's name and tab icon as the admin shows them; one place to rename the product.
export const NEWSROOM_NAME = 'The Newsroom'

const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="1" y="1" width="30" height="30" rx="7" fill="#b3261e"/>' +
  '<rect x="7" y="8" width="18" height="3" rx="1" fill="#fff"/><rect x="7" y="14" width="8" height="10" rx="1" fill="#fff"/>' +
  '<rect x="17" y="14" width="8" height="2" rx="1" fill="#fff"/><rect x="17" y="18" width="8" height="2" rx="1" fill="#fff"/>' +
  '<rect x="17" y="22" width="6" height="2" rx="1" fill="#fff"/></svg>'

/** Payload's `admin.meta`: our name in tab titles and link previews, our mark as the favicon (inline: no extra route). */
export const brandingMeta = {
  titleSuffix: ` · ${NEWSROOM_NAME}`,
  description: `${NEWSROOM_NAME}: stories, photo credits and the editorial workflow.`,
  icons: [{ rel: 'icon', type: 'image/svg+xml', url: `data:image/svg+xml,${encodeURIComponent(ICON_SVG)}` }],
  openGraph: { siteName: NEWSROOM_NAME, title: NEWSROOM_NAME, description: 'The newsroom’s editorial admin.' },
}
