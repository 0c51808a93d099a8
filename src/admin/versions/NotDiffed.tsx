// The version comparison's component for a story's bookkeeping fields (content fingerprint, derived image and
// organization lists, search text, import key): they change with every edit and say nothing to an editor.
export function NotDiffed() {
  return null
}

export default NotDiffed
