import { expect, test } from '@playwright/test'
import type { Message } from '../../../common/domain/message.js'
import type { GarbledAnswer } from '../../simulator/wechat-simulator.js'
import { PNG_BYTES } from './outbound-fixture.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oGarbledFollower00000000001'

test('an unreadable answer to custom/send is delivery_uncertain: not retried, its quota not given back', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    await fixture.simulator.follower(OPENID).sendText('where is my parcel?')
    const kinds: readonly GarbledAnswer[] = ['html', 'truncated', 'no_errcode', 'text']
    for (const [index, garbled] of kinds.entries()) {
      fixture.simulator.inject({ endpoint: 'message/custom/send', garbled })
      const sent = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
        clientMessageId: `garbled-${garbled}-abcdef`,
        body: { type: 'text', text: `answer ${index}` },
      })
      expect(sent.status, garbled).toBe(202)
      await fixture.relay.conversations.settle()
      const stored = await fixture.relay.store.messages.get((sent.body as unknown as Message).id)
      expect(stored, garbled).toMatchObject({
        status: 'failed',
        failure: { code: 'delivery_uncertain', isRetryable: false },
      })
      // WeChat took it (the simulator delivered it) and the relay asked once: a retry would send it twice.
      expect(fixture.sends(), garbled).toHaveLength(index + 1)
      expect(fixture.simulator.delivered, garbled).toHaveLength(index + 1)
    }
    // Each may have arrived, so each still counts: four of the window's five sends are used.
    const conversation = (await fixture.relay.store.conversations.get(OPENID))!
    expect(conversation.windowHistory.sendTimes).toHaveLength(4)
    const fifth = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'garbled-fifth-abcdef',
      body: { type: 'text', text: 'the last one' },
    })
    expect(fifth.status).toBe(202)
    await fixture.relay.conversations.settle()
    const sixth = await fixture.api('POST', `/api/conversations/${OPENID}/messages`, {
      clientMessageId: 'garbled-sixth-abcdef',
      body: { type: 'text', text: 'one too many' },
    })
    expect(sixth).toMatchObject({ status: 422, body: { error: { code: 'quota_exhausted' } } })
  } finally {
    await fixture.close()
  }
})

test('an unreadable answer to an upload, which is safe to repeat, is retried', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    fixture.simulator.inject({ endpoint: 'media/upload', garbled: 'html' })
    const response = await fetch(`${fixture.relay.url}/api/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.token}`, 'content-type': 'image/png' },
      body: new Uint8Array(PNG_BYTES),
    })
    expect(response.status).toBe(201)
    expect(fixture.simulator.calls.filter((call) => call.endpoint === 'media/upload')).toHaveLength(2)
  } finally {
    await fixture.close()
  }
})
