import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { TestAgent } from '../relay/relay-fixture.js'
import {
  call,
  connectDesktop,
  createUser,
  emitCommand,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

let context: SharedStateRelay
const CLAIMERS = 20
const ROUNDS = 5

test.afterEach(async () => {
  await context.close()
})

test('20 concurrent claimers over sockets and REST: exactly one owner every time, losers told who won', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const tokens: string[] = []
  for (let index = 0; index < CLAIMERS; index += 1)
    tokens.push(await createUser(context, `agent${index}`, 'agent'))
  const desktops: TestAgent[] = await Promise.all(tokens.map((token) => connectDesktop(relay, token)))

  for (let round = 0; round < ROUNDS; round += 1) {
    const openId = `o_race_${round}`
    const conversation = await followerWrites(relay, openId)
    expect(conversation.assignee).toBeNull()
    // Half claim through the socket, half through REST, all with the version they saw, all at once.
    const attempts = tokens.map(async (token, index) => {
      const username = `agent${index}`
      if (index % 2 === 0) {
        const result = await emitCommand<'conversation:assign', Conversation>(
          desktops[index]!,
          'conversation:assign',
          {
            conversationId: openId,
            assignee: username,
            version: conversation.version,
          },
        )
        return result.ok
          ? { username, isWinner: true, code: null, details: null }
          : { username, isWinner: false, code: result.error.code, details: result.error.details }
      }
      const answer = await call<{ error?: { code: string; details?: unknown } }>(
        relay,
        token,
        'PUT',
        `/api/conversations/${openId}/assignee`,
        { assignee: username, version: conversation.version },
      )
      return answer.status === 200
        ? { username, isWinner: true, code: null, details: null }
        : {
            username,
            isWinner: false,
            code: answer.body.error?.code ?? null,
            details: answer.body.error?.details,
          }
    })
    const outcomes = await Promise.all(attempts)
    const winners = outcomes.filter((outcome) => outcome.isWinner)
    expect(winners).toHaveLength(1)
    const winner = winners[0]!.username
    for (const loser of outcomes.filter((outcome) => !outcome.isWinner)) {
      expect(loser.code).toBe('conflict')
      const details = loser.details as { conversation: Conversation; changedBy: string | null }
      expect(details.conversation.assignee).toBe(winner)
      expect(details.changedBy).toBe(winner)
    }
    const stored = (await relay.store.conversations.get(openId))!
    expect(stored.assignee).toBe(winner)
    expect(stored.version).toBe(conversation.version + 1)
    const activity = (await relay.store.messages.listBefore(openId, { limit: 50 }))!.messages.filter(
      (message) => message.body.type === 'activity',
    )
    expect(activity).toHaveLength(1)
    expect(activity[0]!.senderUsername).toBe(winner)
  }
  for (const desktop of desktops) desktop.close()
})
