import { conversationKeyOf } from '../../../../common/domain/account.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../../common/domain/conversation.js'
import { DEFAULT_REPLY_WINDOW_CONFIG } from '../../../../common/domain/reply-window.js'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { createOutgoingRecords } from '../../../../relay/conversations/outgoing-records.js'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'

const HOUR = 3_600_000
const NOW = Date.UTC(2026, 0, 10)

const conversationWith = (sendTimes: number[]): Conversation => ({
  id: 'oRecordsFollower00000000001',
  ...conversationKeyOf('oRecordsFollower00000000001'),
  remark: null,
  followState: 'subscribed',
  sourceScene: null,
  hasSeenFollow: false,
  unionId: null,
  snooze: null,
  awaitingReplySince: null,
  ticketRepliedAt: null,
  rating: null,
  ratingQuestion: null,
  firstSeenAt: NOW - 1000 * HOUR,
  lastMessage: null,
  lastIncomingAt: NOW - HOUR,
  unansweredCount: 1,
  windowHistory: { lastOpenedAt: { message: NOW - HOUR }, sendTimes, isUnsubscribed: false },
  assignee: null,
  status: 'open',
  ticketNumber: 1,
  tagIds: [],
  notes: '',
  version: 1,
  updatedAt: NOW - HOUR,
})

async function withStore(work: (store: ReturnType<typeof openRelayStore>) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-records-'))
  const store = openRelayStore(dataDir)
  try {
    await work(store)
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

test('sends older than the longest window are dropped, so the row stays small however long the history', async () => {
  await withStore(async (store) => {
    const ancient = Array.from({ length: 500 }, (_, index) => NOW - 100 * HOUR - index * 1000)
    await store.conversations.save(conversationWith([...ancient, NOW - 2 * HOUR]))
    const records = createOutgoingRecords(() => DEFAULT_REPLY_WINDOW_CONFIG, store.relayId)
    const events: RelayEvent[] = []
    await store.transaction((tx) =>
      records.recordOutgoing(
        tx,
        events,
        {
          conversationId: 'oRecordsFollower00000000001',
          clientMessageId: 'records-0001-abcd',
          body: { type: 'text', text: 'hello' },
          sender: null,
        },
        NOW,
      ),
    )
    expect((await store.conversations.get('oRecordsFollower00000000001'))?.windowHistory.sendTimes).toEqual([
      NOW - 2 * HOUR,
      NOW,
    ])
  })
})

test('a template uses no quota; an uncertain failure keeps its quota use, a certain one gives it back', async () => {
  await withStore(async (store) => {
    await store.conversations.save(conversationWith([]))
    const records = createOutgoingRecords(() => DEFAULT_REPLY_WINDOW_CONFIG, store.relayId)
    const events: RelayEvent[] = []
    const send = (clientMessageId: string, at: number, isTemplate = false) =>
      store.transaction(
        async (tx) =>
          (
            await records.recordOutgoing(
              tx,
              events,
              {
                conversationId: 'oRecordsFollower00000000001',
                clientMessageId,
                body: isTemplate
                  ? { type: 'template', templateId: 't1', data: { keyword1: { value: 'x' } } }
                  : { type: 'text', text: 'hi' },
                sender: null,
              },
              at,
            )
          ).message,
      )
    const sendTimes = async () =>
      (await store.conversations.get('oRecordsFollower00000000001'))!.windowHistory.sendTimes
    await send('records-template-01', NOW, true)
    expect(await sendTimes()).toEqual([])
    const certain = await send('records-certain-01', NOW + 1)
    const uncertain = await send('records-uncertain-1', NOW + 2)
    expect(await sendTimes()).toEqual([NOW + 1, NOW + 2])
    await store.transaction((tx) =>
      records.recordFailed(
        tx,
        events,
        certain.id,
        { code: 'quota_exhausted', message: 'x', isRetryable: false },
        NOW + 3,
      ),
    )
    await store.transaction((tx) =>
      records.recordFailed(
        tx,
        events,
        uncertain.id,
        { code: 'delivery_uncertain', message: 'x', isRetryable: false },
        NOW + 3,
      ),
    )
    expect(await sendTimes()).toEqual([NOW + 2])
    // A verdict on a settled message changes nothing.
    const late = await store.transaction((tx) => records.recordSent(tx, events, certain.id, NOW + 4))
    expect(late.status).toBe('failed')
  })
})
