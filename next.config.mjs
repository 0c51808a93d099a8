import { withPayload } from '@payloadcms/next/withPayload'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Turbopack compiles only files under its root. A git worktree that shares another checkout's packages (its
 * node_modules is a link) needs a root above both folders; a normal checkout keeps its own folder.
 */
function folderHoldingPackages() {
  const project = import.meta.dirname
  const packages = fs.existsSync(path.join(project, 'node_modules')) ? path.dirname(fs.realpathSync(path.join(project, 'node_modules'))) : project
  let root = project
  while (path.relative(root, packages).startsWith('..')) root = path.dirname(root)
  return root
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Express owns the HTTP server; Next only renders the admin.
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
  turbopack: { root: folderHoldingPackages() },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
