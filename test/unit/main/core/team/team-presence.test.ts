import { expect, test } from '@playwright/test'
import type { CommandOutcome, PushChannel } from '../../../../../common/ipc/channels.js'
import type { CommandRequest, ParsedCommandAnswer } from '../../../../../common/relay/relay-commands.js'
import { parseAnswer } from '../../../../../main/core/sync/relay-answers.js'
import { createTeamPresence } from '../../../../../main/core/team/team-presence.js'
import type { Clock } from '../../../../../main/core/sync/clock.js'

function manualClock() {
  let now = 0
  let timers: { at: number; callback: () => void; isCancelled: boolean }[] = []
  const clock: Clock = {
    now: () => now,
    setTimer(callback, delayMs) {
      const timer = { at: now + delayMs, callback, isCancelled: false }
      timers.push(timer)
      return () => (timer.isCancelled = true)
    },
  }
  return {
    clock,
    advance(ms: number) {
      now += ms
      const due = timers.filter((timer) => timer.at <= now && !timer.isCancelled)
      timers = timers.filter((timer) => timer.at > now && !timer.isCancelled)
      for (const timer of due) timer.callback()
    },
    pending: () => timers.filter((timer) => !timer.isCancelled).length,
  }
}

/** What the relay answers each live command. */
function answerOf(name: string, request: unknown): unknown {
  if (name === 'presence:set')
    return { username: 'bo', status: (request as { status: string }).status, since: 1 }
  if (name === 'conversation:view') {
    const { conversationId } = request as { conversationId: string }
    return { conversationId, usernames: ['bo'] }
  }
  return { at: 1, agents: [], queue: [], expiring: [], tagCounts: {} }
}

function setUp(isLive: () => boolean) {
  const manual = manualClock()
  const sent: { name: string; request: unknown }[] = []
  const pushes: { channel: PushChannel; payload: unknown }[] = []
  const problems: string[] = []
  const presence = createTeamPresence({
    clock: manual.clock,
    heartbeatMs: 1000,
    // Answers as the relay would, parsed with the command's schema as the core's `command` does.
    send: async <C extends 'presence:set' | 'conversation:view' | 'board:watch'>(
      name: C,
      request: CommandRequest<C>,
    ): Promise<CommandOutcome<ParsedCommandAnswer<C>>> => {
      sent.push({ name, request })
      if (!isLive()) return { ok: false, code: 'offline', message: 'offline' }
      const answer = parseAnswer(name, answerOf(name, request))
      return answer.ok ? answer : { ok: false, code: 'internal', message: answer.problem }
    },
    push: (channel, payload) => pushes.push({ channel, payload }),
    report: (message) => problems.push(message),
  })
  return { manual, sent, pushes, problems, presence }
}

test('a reconnect says the status, the viewing marks and the board watch again, then beats', async () => {
  let isLive = true
  const { manual, sent, presence } = setUp(() => isLive)
  await presence.setStatus('away')
  await presence.view('c1', true)
  await presence.watchBoard()
  sent.length = 0
  await presence.resume()
  expect(sent.map((each) => each.name).sort()).toEqual(['board:watch', 'conversation:view', 'presence:set'])
  expect(sent.find((each) => each.name === 'presence:set')?.request).toEqual({ status: 'away' })
  sent.length = 0
  manual.advance(1000)
  await Promise.resolve()
  expect(sent).toEqual([{ name: 'presence:set', request: { status: 'away' } }])
  // Offline: the beat stops rather than spinning; the next resume starts it again.
  isLive = false
  await new Promise((resolve) => setTimeout(resolve, 0))
  manual.advance(1000)
  await new Promise((resolve) => setTimeout(resolve, 0))
  expect(manual.pending()).toBe(0)
})

test('pushes are parsed: a snapshot replaces everyone, a malformed one is reported and dropped', () => {
  const { pushes, problems, presence } = setUp(() => true)
  presence.apply('presence:snapshot', [
    { username: 'bo', status: 'online', since: 1 },
    { username: 'ann', status: 'away', since: 2 },
  ])
  presence.apply('presence:changed', { username: 'ann', status: 'offline', since: 3 })
  expect(presence.presences()).toEqual([
    { username: 'bo', status: 'online', since: 1 },
    { username: 'ann', status: 'offline', since: 3 },
  ])
  presence.apply('presence:changed', { username: 'ann', status: 'asleep', since: 4 })
  presence.apply('board:updated', { at: 'now' })
  expect(problems).toHaveLength(2)
  presence.apply('viewing:changed', { conversationId: 'c1', usernames: ['ann'] })
  expect(presence.viewers()).toEqual([{ conversationId: 'c1', usernames: ['ann'] }])
  presence.apply('viewing:changed', { conversationId: 'c1', usernames: [] })
  expect(presence.viewers()).toEqual([])
  expect(pushes.map((each) => each.channel)).toEqual([
    'presence:changed',
    'presence:changed',
    'viewing:changed',
    'viewing:changed',
  ])
})
