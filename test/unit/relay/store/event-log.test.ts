import { expect, test } from '@playwright/test'
import { openRelayStore } from '../../../../relay/store/relay-store.js'
import { temporaryDataDir } from '../../../integration/relay/relay-fixture.js'

test('jsonOf answers the stored JSON with its seq, exactly JSON.stringify of the appended event', () => {
  const { dataDir, remove } = temporaryDataDir()
  const store = openRelayStore(dataDir)
  try {
    const appended = store.transaction(() =>
      [1, 2].map((at) =>
        store.events.append({
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
      ),
    )
    for (const event of appended) {
      expect(store.events.jsonOf(event)).toBe(JSON.stringify(event))
      expect(JSON.parse(store.events.jsonOf(event)!)).toEqual(event)
    }
    // What the log replays is the same event.
    expect(store.events.after(0, 10)).toEqual(appended)
    // Only the very objects it appended: a copy, a replayed event or a non-object has no known JSON.
    expect(store.events.jsonOf({ ...appended[0] })).toBeUndefined()
    expect(store.events.jsonOf(store.events.after(0, 1)[0])).toBeUndefined()
    expect(store.events.jsonOf('text')).toBeUndefined()
    expect(store.events.jsonOf(null)).toBeUndefined()
  } finally {
    store.close()
    remove()
  }
})
