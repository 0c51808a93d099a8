// One limiter for every sign-in path (REST and GraphQL login, forgot-password, reset-password, unlock).
// Two counts, so that neither guessing nor locking people out pays:
// - per client address: a fixed budget of failed attempts per window, whatever the account;
// - per account: after a few free failures from anywhere, each further attempt waits twice as long as the last
//   (capped), instead of Payload's hard lock. A browser that has signed in to that account before (it holds a
//   signed device cookie, see signInDevice.ts) is not slowed by the account's backoff, so strangers failing
//   against a known editor's address slow the strangers, never the editor at their own desk.
// State lives in this process's memory, as express-rate-limit's default store does.

export type SignInLimits = {
  /** Failed attempts allowed per client address per window (LOGIN_RATE_LIMIT). */
  addressLimit: number
  windowMs: number
  /** Failures an account may see, from anywhere, before its backoff starts (LOGIN_ACCOUNT_FREE_FAILURES). */
  accountFreeFailures: number
  /** The first backoff; it doubles with every further failure (LOGIN_BACKOFF_BASE_SECONDS). */
  backoffBaseMs: number
  /** The longest backoff (LOGIN_BACKOFF_MAX_SECONDS). */
  backoffMaxMs: number
  /** Most addresses and accounts remembered at once; the oldest are forgotten first. */
  maxEntries?: number
}

export type SignInAttempt = {
  address: string
  /** The account's e-mail, normalised; null when the request names none (a reset token). */
  account: string | null
  /** An id of the browser's device cookie when it is valid for this account. */
  trustedDevice?: string | null
}

export type Refusal = { retryAfterSeconds: number; message: string }

type AddressEntry = { failures: number; resetAt: number }
type AccountEntry = { failures: number; nextAllowedAt: number; forgetAt: number }

/** Milliseconds an account waits after `failures` failures; 0 while it has free attempts left. */
export function accountBackoffMs(failures: number, limits: Pick<SignInLimits, 'accountFreeFailures' | 'backoffBaseMs' | 'backoffMaxMs'>): number {
  const beyondFree = failures - limits.accountFreeFailures
  if (beyondFree < 0) return 0
  // 2 ** 40 is already far beyond any cap; the exponent is bounded so that huge counts stay finite.
  return Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** Math.min(beyondFree, 40))
}

/** Maps kept to a size: a flood of made-up addresses or e-mails must not grow memory without end. */
function boundedSet<T>(map: Map<string, T>, key: string, value: T, maxEntries: number) {
  map.delete(key)
  map.set(key, value)
  while (map.size > maxEntries) map.delete(map.keys().next().value as string)
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

export function createSignInThrottle(limits: SignInLimits, now: () => number = Date.now) {
  const maxEntries = limits.maxEntries ?? 100_000
  const addresses = new Map<string, AddressEntry>()
  const accounts = new Map<string, AccountEntry>()
  const devices = new Map<string, AccountEntry>()

  const addressEntry = (address: string) => {
    const entry = addresses.get(address)
    return entry && entry.resetAt > now() ? entry : undefined
  }
  const accountEntry = (map: Map<string, AccountEntry>, key: string) => {
    const entry = map.get(key)
    return entry && entry.forgetAt > now() ? entry : undefined
  }
  const deviceKey = (attempt: SignInAttempt) => (attempt.trustedDevice && attempt.account ? `${attempt.account}\n${attempt.trustedDevice}` : null)

  /** A device stays trusted until it fails as often as a stranger may before slowing down. */
  const isTrusted = (attempt: SignInAttempt) => {
    const key = deviceKey(attempt)
    if (!key) return false
    return (accountEntry(devices, key)?.failures ?? 0) < limits.accountFreeFailures
  }

  const countFailure = (map: Map<string, AccountEntry>, key: string) => {
    const failures = (accountEntry(map, key)?.failures ?? 0) + 1
    const wait = accountBackoffMs(failures, limits)
    const at = now()
    boundedSet(map, key, { failures, nextAllowedAt: at + wait, forgetAt: at + Math.max(limits.windowMs, wait) }, maxEntries)
  }

  const forget = (map: Map<string, AccountEntry>, key: string) => {
    const entry = accountEntry(map, key)
    if (!entry) return
    const failures = entry.failures - 1
    // The backoff this attempt started is lifted; an earlier one keeps its end.
    const nextAllowedAt = accountBackoffMs(failures, limits) > 0 ? entry.nextAllowedAt : now()
    boundedSet(map, key, { ...entry, failures, nextAllowedAt }, maxEntries)
  }

  function refusal(attempt: SignInAttempt): Refusal | null {
    const fromAddress = addressEntry(attempt.address)
    if (fromAddress && fromAddress.failures >= limits.addressLimit) {
      return {
        retryAfterSeconds: seconds(fromAddress.resetAt - now()),
        message: 'Too many failed sign-in attempts from this address. Wait a few minutes and try again.',
      }
    }
    if (attempt.account && !isTrusted(attempt)) {
      const forAccount = accountEntry(accounts, attempt.account)
      if (forAccount && forAccount.nextAllowedAt > now()) {
        const wait = seconds(forAccount.nextAllowedAt - now())
        return {
          retryAfterSeconds: wait,
          message: `Too many failed sign-in attempts for this account. Wait ${wait} seconds and try again, or sign in from a browser you have used before.`,
        }
      }
    }
    return null
  }

  return {
    /**
     * Asks to make one attempt. It is counted as a failure at once, so that attempts sent in parallel cannot all
     * pass before the first one fails; `settle` then takes the count back for a success (or a server error).
     * Refused attempts are not counted.
     */
    begin(attempt: SignInAttempt): { refused: Refusal } | { refused: null; settle: (outcome: Outcome) => void } {
      const refused = refusal(attempt)
      if (refused) return { refused }
      const fromAddress = addressEntry(attempt.address) ?? { failures: 0, resetAt: now() + limits.windowMs }
      boundedSet(addresses, attempt.address, { ...fromAddress, failures: fromAddress.failures + 1 }, maxEntries)
      // A known device's failures are its own (it loses its trust after as many as a stranger's free ones);
      // everyone else's are the account's.
      const device = isTrusted(attempt) ? deviceKey(attempt) : null
      const counted = device ? { map: devices, key: device } : attempt.account ? { map: accounts, key: attempt.account } : null
      if (counted) countFailure(counted.map, counted.key)
      let isSettled = false
      return {
        refused: null,
        settle: (outcome) => {
          if (isSettled || outcome === 'failure') return
          isSettled = true
          const entry = addressEntry(attempt.address)
          if (entry) entry.failures = Math.max(0, entry.failures - 1)
          if (!counted) return
          // The right password ends the backoff of whoever gave it: a known device its own, anyone else the
          // account's. A known device leaves the account's backoff alone: strangers may still be guessing.
          if (outcome === 'success') counted.map.delete(counted.key)
          else forget(counted.map, counted.key)
        },
      }
    },
  }
}

/** `not-counted`: the server failed, so the attempt says nothing about the password. */
export type Outcome = 'success' | 'failure' | 'not-counted'

export type SignInThrottle = ReturnType<typeof createSignInThrottle>

/** Payload compares e-mails in lower case without surrounding spaces; so does the account count. */
export const accountKey = (email: unknown): string | null =>
  typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : null
