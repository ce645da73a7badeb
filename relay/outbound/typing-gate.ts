/** How long WeChat shows "typing" after one `Typing` command (reference §3.3). */
export const TYPING_DURATION_MS = 15_000

/**
 * Keeps typing commands within WeChat's rules (reference §3.3): one `Typing` lasts 15 s and may not be
 * repeated meanwhile (45081), `CancelTyping` only while shown, and a sent message cancels it.
 */
export function createTypingGate(now: () => number = Date.now) {
  const shownUntil = new Map<string, number>()
  const prune = (at: number) => {
    // Bounded: forget followers whose indicator has run out.
    if (shownUntil.size < 10_000) return
    for (const [openId, until] of shownUntil) if (until <= at) shownUntil.delete(openId)
  }
  return {
    /** The command to send for this change, or null when WeChat must not be called. */
    commandFor(openId: string, isTyping: boolean): 'Typing' | 'CancelTyping' | null {
      const at = now()
      prune(at)
      const isShown = (shownUntil.get(openId) ?? 0) > at
      if (isTyping) return isShown ? null : 'Typing'
      return isShown ? 'CancelTyping' : null
    },
    /** Records a command WeChat accepted. */
    accepted(openId: string, command: 'Typing' | 'CancelTyping'): void {
      if (command === 'Typing') shownUntil.set(openId, now() + TYPING_DURATION_MS)
      else shownUntil.delete(openId)
    },
    /** A message went out: WeChat hides the indicator by itself. */
    messageSent(openId: string): void {
      shownUntil.delete(openId)
    },
  }
}

/** The typing gate. */
export type TypingGate = ReturnType<typeof createTypingGate>
