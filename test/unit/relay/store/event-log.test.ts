import { expect, test } from '@playwright/test'
import { openRelayStore } from '../../../../relay/store/sqlite-relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

test('jsonOf answers the stored JSON with its seq, exactly JSON.stringify of the appended event', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    const appended = await store.transaction(async (tx) => {
      const events = []
      for (const at of [1, 2])
        events.push(
          await tx.events.append({
            type: 'user.upserted',
            at,
            user: {
              username: `agent-${at}`,
              displayName: '客服 "一号"',
              role: 'agent',
              isDisabled: false,
              teamId: null,
              kfAccount: null,
            },
          }),
        )
      return events
    })
    for (const event of appended) {
      expect(store.jsonOf(event)).toBe(JSON.stringify(event))
      expect(JSON.parse(store.jsonOf(event)!)).toEqual(event)
    }
    // What the log replays is the same event.
    expect(await store.events.after(0, 10)).toEqual(appended)
    // Only the very objects it appended: a copy, a replayed event or a non-object has no known JSON.
    expect(store.jsonOf({ ...appended[0] })).toBeUndefined()
    expect(store.jsonOf((await store.events.after(0, 1))[0])).toBeUndefined()
    expect(store.jsonOf('text')).toBeUndefined()
    expect(store.jsonOf(null)).toBeUndefined()
  } finally {
    await store.close()
    remove()
  }
})
