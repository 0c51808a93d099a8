import fs from 'node:fs'
import path from 'node:path'

import { withPayload } from '@payloadcms/next/withPayload'

/**
 * Turbopack resolves packages only inside its root. A checkout whose node_modules is a link to another folder
 * (a git worktree sharing one install) needs the folder both live in; a normal checkout keeps the default.
 */
function turbopackRoot() {
  const project = path.resolve('.')
  let modules
  try {
    modules = path.dirname(fs.realpathSync(path.join(project, 'node_modules')))
  } catch {
    return undefined
  }
  if (modules === project) return undefined
  let root = project
  while (!(modules + path.sep).startsWith(root + path.sep) && path.dirname(root) !== root) root = path.dirname(root)
  return root
}

const root = turbopackRoot()

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Express owns the HTTP server; Next renders the admin and the reader site.
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
  ...(root ? { turbopack: { root } } : {}),
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
