import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../../common/domain/conversation.js'
import { DEFAULT_REPLY_WINDOW_CONFIG } from '../../../../common/domain/reply-window.js'
import type { RelayEvent } from '../../../../common/relay/events.js'
import { createOutgoingRecords } from '../../../../relay/conversations/outgoing-records.js'
import { openRelayStore } from '../../../../relay/store/relay-store.js'

const HOUR = 3_600_000
const NOW = Date.UTC(2026, 0, 10)

const conversationWith = (sendTimes: number[]): Conversation => ({
  id: 'oRecordsFollower00000000001',
  remark: null,
  followState: 'subscribed',
  sourceScene: null,
  hasSeenFollow: false,
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

function withStore(work: (store: ReturnType<typeof openRelayStore>) => void): void {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-records-'))
  const store = openRelayStore(dataDir)
  try {
    work(store)
  } finally {
    store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

test('sends older than the longest window are dropped, so the row stays small however long the history', () => {
  withStore((store) => {
    const ancient = Array.from({ length: 500 }, (_, index) => NOW - 100 * HOUR - index * 1000)
    store.conversations.save(conversationWith([...ancient, NOW - 2 * HOUR]))
    const records = createOutgoingRecords(store, DEFAULT_REPLY_WINDOW_CONFIG)
    const events: RelayEvent[] = []
    store.transaction(() =>
      records.recordOutgoing(
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
    expect(store.conversations.get('oRecordsFollower00000000001')?.windowHistory.sendTimes).toEqual([
      NOW - 2 * HOUR,
      NOW,
    ])
  })
})

test('a template uses no quota; an uncertain failure keeps its quota use, a certain one gives it back', () => {
  withStore((store) => {
    store.conversations.save(conversationWith([]))
    const records = createOutgoingRecords(store, DEFAULT_REPLY_WINDOW_CONFIG)
    const events: RelayEvent[] = []
    const send = (clientMessageId: string, at: number, isTemplate = false) =>
      store.transaction(
        () =>
          records.recordOutgoing(
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
          ).message,
      )
    const sendTimes = () => store.conversations.get('oRecordsFollower00000000001')!.windowHistory.sendTimes
    send('records-template-01', NOW, true)
    expect(sendTimes()).toEqual([])
    const certain = send('records-certain-01', NOW + 1)
    const uncertain = send('records-uncertain-1', NOW + 2)
    expect(sendTimes()).toEqual([NOW + 1, NOW + 2])
    store.transaction(() =>
      records.recordFailed(
        events,
        certain.id,
        { code: 'quota_exhausted', message: 'x', isRetryable: false },
        NOW + 3,
      ),
    )
    store.transaction(() =>
      records.recordFailed(
        events,
        uncertain.id,
        { code: 'delivery_uncertain', message: 'x', isRetryable: false },
        NOW + 3,
      ),
    )
    expect(sendTimes()).toEqual([NOW + 2])
    // A verdict on a settled message changes nothing.
    const late = store.transaction(() => records.recordSent(events, certain.id, NOW + 4))
    expect(late.status).toBe('failed')
  })
})
