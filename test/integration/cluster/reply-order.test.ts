import { expect, test } from '@playwright/test'
import { startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'

const OPENID = 'oClusterOrderFollower000001'

type RelayUrl = { readonly url: string }

async function reply(relay: RelayUrl, token: string, clientMessageId: string, text: string) {
  const response = await fetch(`${relay.url}/api/conversations/${OPENID}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientMessageId, body: { type: 'text', text } }),
  })
  return response.status
}

async function statusOf(relay: RelayUrl, token: string, clientMessageId: string): Promise<string> {
  const response = await fetch(`${relay.url}/api/conversations/${OPENID}/messages?limit=50`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const { messages } = (await response.json()) as {
    messages: { clientMessageId?: string; status?: string }[]
  }
  return messages.find((message) => message.clientMessageId === clientMessageId)?.status ?? 'missing'
}

test('replies from agents on two relays reach the follower in the order they were written', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    const peer = await fixture.startPeer()
    const relays = [fixture.relay, peer]
    expect((await fixture.simulator.follower(OPENID).sendText('谁先回我？')).status).toBe(200)
    // The first reply is slow to reach WeChat: a relay that did not wait for it would overtake it.
    fixture.simulator.inject({ endpoint: 'message/custom/send', arrivesAfterMs: 500 })
    const texts = ['第一条', '第二条', '第三条', '第四条']
    for (const [index, text] of texts.entries()) {
      expect(await reply(relays[index % 2]!, fixture.token, `reply-order-${index}`, text)).toBe(202)
    }
    await Promise.all(relays.map((relay) => relay.conversations.settle()))
    await expect
      .poll(() => fixture.simulator.delivered.filter((message) => message.touser === OPENID).length)
      .toBe(texts.length)
    const delivered = fixture.simulator.delivered
      .filter((message) => message.touser === OPENID)
      .map((message) => (message.body['text'] as { content: string }).content)
    expect(delivered).toEqual(texts)
  } finally {
    await fixture.close()
  }
})

test('a relay that starts while another is sending leaves that send alone', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    expect((await fixture.simulator.follower(OPENID).sendText('在吗')).status).toBe(200)
    fixture.simulator.inject({ endpoint: 'message/custom/send', arrivesAfterMs: 1500 })
    expect(await reply(fixture.relay, fixture.token, 'in-flight', '正在发送')).toBe(202)
    // The new relay sweeps interrupted sends at start: this one belongs to a running relay.
    const peer = await fixture.startPeer()
    await fixture.relay.conversations.settle()
    await expect.poll(() => statusOf(peer, fixture.token, 'in-flight')).toBe('sent')
    expect(fixture.sends()).toHaveLength(1)
  } finally {
    await fixture.close()
  }
})
