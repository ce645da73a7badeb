import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oInterruptedFollower0000001'

test('messages left pending by a stop are failed as delivery_uncertain at startup, announced, and never re-sent', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-interrupted-'))
  try {
    const first = await startRelayWithSimulator({ followers: [OPENID], dataDir })
    let pendingId: string
    try {
      await first.simulator.follower(OPENID).sendText('please call me back')
      // Stored pending, as if the relay stopped before WeChat answered: nothing delivers it.
      const { message } = await first.relay.conversations.createOutgoing({
        conversationId: OPENID,
        clientMessageId: 'interrupted-0001-abc',
        body: { type: 'text', text: 'We will call you at 3 pm.' },
        sender: (await first.relay.auth.authenticate(first.token))!,
      })
      pendingId = message.id
      expect(
        (await first.relay.store.messages.listPendingDeliveries()).map((pending) => pending.message.id),
      ).toEqual([pendingId])
    } finally {
      await first.close()
    }

    const second = await startRelayWithSimulator({ followers: [OPENID], dataDir })
    try {
      const stored = await second.relay.store.messages.get(pendingId)
      expect(stored).toMatchObject({
        status: 'failed',
        failure: { code: 'delivery_uncertain', isRetryable: false },
      })
      expect(stored?.failure?.message).toMatch(/Check with the follower before sending it again/)
      expect(await second.relay.store.messages.listPendingDeliveries()).toEqual([])

      // Desktops learn it from the log: the last event is that message's update.
      const agent = second.connect()
      await agent.caughtUp
      const last = agent.events.at(-1)
      expect(last).toMatchObject({ type: 'message.updated', message: { id: pendingId, status: 'failed' } })
      agent.close()

      // A resend of the same client id answers the failed message instead of sending blindly.
      const resend = await second.api('POST', `/api/conversations/${OPENID}/messages`, {
        clientMessageId: 'interrupted-0001-abc',
        body: { type: 'text', text: 'We will call you at 3 pm.' },
      })
      expect(resend.body).toMatchObject({ id: pendingId, status: 'failed' })
      await second.relay.conversations.settle()
      expect(second.sends()).toHaveLength(0)
    } finally {
      await second.close()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
