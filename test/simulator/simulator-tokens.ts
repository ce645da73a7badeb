import { randomBytes } from 'node:crypto'

/** A token check's verdict: 0 when usable, else WeChat's errcode. */
export type TokenVerdict = 0 | 40001 | 42001

interface IssuedToken {
  readonly value: string
  readonly kind: 'classic' | 'stable'
  readonly expiresAt: number
  /** When a newer token of the same kind took over, plus the grace period. */
  invalidAt: number | null
}

/** Options for the simulated token authority. */
export interface SimulatorTokenOptions {
  readonly now: () => number
  readonly lifetimeSeconds: number
  /** Classic tokens: the old one keeps working this long after a new one is issued (≤ 5 min, §3.1). */
  readonly classicGraceMs: number
}

/**
 * WeChat's access-token authority (reference §3.1): a classic fetch replaces the previous classic
 * token after a grace period; stable tokens are isolated from classic ones, a normal stable fetch
 * returns the current token (renewed in its last 5 minutes), a forced one revokes it at once.
 */
export function createSimulatorTokens(options: SimulatorTokenOptions) {
  const tokens = new Map<string, IssuedToken>()
  let currentClassic: IssuedToken | null = null
  let currentStable: IssuedToken | null = null

  const issue = (kind: IssuedToken['kind']): IssuedToken => {
    // Real tokens are long opaque strings (stored in ≥ 512 chars); 128 is enough to look the part.
    const token: IssuedToken = {
      value: `${kind === 'stable' ? 'S' : 'C'}_${randomBytes(60).toString('base64url')}`,
      kind,
      expiresAt: options.now() + options.lifetimeSeconds * 1000,
      invalidAt: null,
    }
    tokens.set(token.value, token)
    return token
  }

  const answerOf = (token: IssuedToken) => ({
    access_token: token.value,
    expires_in: Math.max(0, Math.round((token.expiresAt - options.now()) / 1000)),
  })

  return {
    /** `GET /cgi-bin/token`: always a new token; the previous one dies after the grace period. */
    issueClassic() {
      const now = options.now()
      if (currentClassic !== null)
        currentClassic.invalidAt = Math.min(currentClassic.expiresAt, now + options.classicGraceMs)
      currentClassic = issue('classic')
      return answerOf(currentClassic)
    },
    /** `POST /cgi-bin/stable_token`. */
    issueStable(isForced: boolean) {
      const now = options.now()
      const isRenewDue = currentStable === null || currentStable.expiresAt - now <= 5 * 60_000
      if (isForced && currentStable !== null) currentStable.invalidAt = now
      if (isForced || isRenewDue) currentStable = issue('stable')
      return answerOf(currentStable as IssuedToken)
    },
    /** Whether an API call carrying `value` is let through. */
    verdictOf(value: string | undefined): TokenVerdict {
      const token = value === undefined ? undefined : tokens.get(value)
      if (token === undefined) return 40001
      const now = options.now()
      if (token.invalidAt !== null && now >= token.invalidAt) return 40001
      if (now >= token.expiresAt) return 42001
      return 0
    },
    /** Another server force-refreshed: every token in force dies now (a leaked-token rotation, §3.1). */
    revokeAll() {
      const now = options.now()
      for (const token of tokens.values())
        token.invalidAt = token.invalidAt === null ? now : Math.min(token.invalidAt, now)
      currentClassic = null
      currentStable = null
    },
  }
}

/** The simulated token authority. */
export type SimulatorTokens = ReturnType<typeof createSimulatorTokens>
