import { expect, test } from '@playwright/test'
import type { ConversationPage } from '../../../common/relay/events.js'
import { buildPush, sendPush, textMessage } from './push-builder.js'
import { signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'

test('an agent paging conversations gets full pages and cursors that name only what it was shown', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir)
  try {
    const adminToken = await signIn(relay.url)
    const created = await fetch(`${relay.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mei', password: 'agent password 1', role: 'agent' }),
    })
    expect(created.status).toBe(201)
    const meiToken = await signIn(relay.url, 'mei', 'agent password 1')

    // Newest first: mei's rows and rows assigned to someone else alternate, so page ends fall on both.
    const order = ['oMeiSees1', 'oHiddenTom1', 'oHiddenTom2', 'oMeiSees2', 'oHiddenTom3', 'oMeiSees3']
    for (const [index, openId] of order.entries()) {
      expect(
        await sendPush(
          relay.url,
          buildPush(textMessage(openId, String(9_100 + index), 'hi'), { mode: 'safe' }),
        ),
      ).toEqual({ status: 200, text: 'success' })
      const conversation = (await relay.store.conversations.get(openId))!
      await relay.store.conversations.save({
        ...conversation,
        assignee: openId.startsWith('oHidden') ? 'tom' : null,
        updatedAt: 1_800_000_000_000 - index * 1000,
        version: conversation.version + 1,
      })
    }

    const pagesOf = async (token: string, limit: number): Promise<ConversationPage[]> => {
      const pages: ConversationPage[] = []
      let after: string | null = null
      do {
        const search = new URLSearchParams({ limit: String(limit), ...(after === null ? {} : { after }) })
        const response = await fetch(`${relay.url}/api/conversations?${search}`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(response.status).toBe(200)
        const page = (await response.json()) as ConversationPage
        pages.push(page)
        after = page.next
      } while (after !== null && pages.length < 10)
      return pages
    }

    for (const limit of [1, 2, 3, 5]) {
      const pages = await pagesOf(meiToken, limit)
      const ids = pages.flatMap((page) => page.conversations.map((conversation) => conversation.id))
      expect(ids, `limit ${limit}`).toEqual(['oMeiSees1', 'oMeiSees2', 'oMeiSees3'])
      // Every page but the last is full: hidden rows do not leave holes.
      for (const page of pages.slice(0, -1)) expect(page.conversations).toHaveLength(limit)
      for (const page of pages) {
        const next = page.next ?? ''
        const decoded = Buffer.from(next, 'base64url').toString('utf8')
        expect(`${next} ${decoded}`, `limit ${limit}`).not.toContain('oHidden')
      }
    }
    // A supervisor's view is every conversation, in the same order.
    const all = (await pagesOf(adminToken, 2)).flatMap((page) => page.conversations.map(({ id }) => id))
    expect(all).toEqual(order)
  } finally {
    await relay.close()
    remove()
  }
})
