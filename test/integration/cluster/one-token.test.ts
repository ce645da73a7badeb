import { expect, test } from '@playwright/test'
import { startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'

const OPENID = 'oClusterTokenFollower000001'

/** Replies through REST, alternately on each relay, all at once. */
async function replyThroughBoth(
  relays: readonly { readonly url: string }[],
  token: string,
  count: number,
  label: string,
): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const response = await fetch(
        `${relays[index % relays.length]!.url}/api/conversations/${OPENID}/messages`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientMessageId: `cluster-token-${label}-${index}`,
            body: { type: 'text', text: `${label} ${index}` },
          }),
        },
      )
      return response.status
    }),
  )
}

test('relays on one database fetch the one access token once, and renew it once when WeChat revokes it', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    const peer = await fixture.startPeer()
    const relays = [fixture.relay, peer]
    const follower = fixture.simulator.follower(OPENID)
    expect((await follower.sendText('两个客服一起回我')).status).toBe(200)
    const tokenFetches = () => fixture.simulator.calls.filter((call) => call.endpoint === 'stable_token')

    // Two each: the window's quota is five. WeChat answers token fetches slowly, so that fetches that
    // are not taken one at a time would overlap.
    fixture.simulator.inject({ endpoint: 'stable_token', delayMs: 300, times: 4 })
    // Neither relay has a token: both need one at once, and WeChat is asked once.
    for (const status of await replyThroughBoth(relays, fixture.token, 2, 'first')) expect(status).toBe(202)
    await Promise.all(relays.map((relay) => relay.conversations.settle()))
    expect(tokenFetches()).toHaveLength(1)

    // Another server force-refreshed: both relays' calls fail with 40001; one relay fetches, the other
    // takes the token it cached instead of forcing WeChat to revoke that one too.
    fixture.simulator.revokeTokens()
    fixture.simulator.inject({ endpoint: 'stable_token', delayMs: 300, times: 4 })
    for (const status of await replyThroughBoth(relays, fixture.token, 2, 'after')) expect(status).toBe(202)
    await Promise.all(relays.map((relay) => relay.conversations.settle()))
    expect(tokenFetches()).toHaveLength(2)
    const delivered = fixture.simulator.delivered.filter((message) => message.touser === OPENID)
    expect(delivered).toHaveLength(4)
  } finally {
    await fixture.close()
  }
})
