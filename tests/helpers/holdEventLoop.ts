/**
 * Node 20 runs tsx's loader hooks on another thread without holding the event loop: on a busy machine a script's
 * top-level await could find the loop empty, and the process exited 13 before doing its work (privatenumber/tsx#233).
 * Call first in such a script; call the returned release once the work holds the loop itself (a listening server)
 * or is done.
 */
export function holdEventLoop(): () => void {
  const timer = setInterval(() => {}, 1000)
  return () => clearInterval(timer)
}
