import { expect, test } from '@playwright/test'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

test('QR codes by source: made through qrcode/create, kept, and counted by the followers each scene brings', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    const permanent = await fixture.api('POST', '/api/accounts/default/qr-codes', {
      scene: 'store_poster',
      isPermanent: true,
    })
    expect(permanent.status).toBe(201)
    expect(permanent.body).toMatchObject({ scene: 'store_poster', isPermanent: true, expiresAt: null })
    const temporary = await fixture.api('POST', '/api/accounts/default/qr-codes', {
      scene: 'spring.fair',
      isPermanent: false,
      expireDays: 7,
    })
    expect(temporary.status).toBe(201)
    // WeChat got exactly these bodies.
    const bodies = fixture.simulator.calls
      .filter((call) => call.endpoint === 'qrcode/create')
      .map((call) => call.body)
    expect(bodies).toEqual([
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'store_poster' } } },
      {
        expire_seconds: 604_800,
        action_name: 'QR_STR_SCENE',
        action_info: { scene: { scene_str: 'spring.fair' } },
      },
    ])

    // Refused before any call: a scene WeChat would not echo, a temporary code past 30 days, no days at all.
    const calls = fixture.simulator.calls.length
    for (const bad of [
      { scene: 'no spaces please', isPermanent: true },
      { scene: 'ok', isPermanent: false, expireDays: 31 },
      { scene: 'ok', isPermanent: false },
      { scene: 'x'.repeat(65), isPermanent: true },
    ]) {
      const refused = await fixture.api('POST', '/api/accounts/default/qr-codes', bad)
      expect(refused.status).toBe(400)
      expect(refused.body.error?.code).toBe('invalid')
    }
    expect(fixture.simulator.calls.length).toBe(calls)

    // Two followers come by the poster, one writes, one leaves again; one comes by the fair.
    const ann = fixture.simulator.follower('oQrAnn0000000000000000000001')
    const ben = fixture.simulator.follower('oQrBen0000000000000000000001')
    const cat = fixture.simulator.follower('oQrCat0000000000000000000001')
    await ann.follow('store_poster')
    await ann.sendText('hello from the shop')
    await ben.follow('store_poster')
    await ben.unfollow()
    await cat.follow('spring.fair')
    await fixture.relay.ingest.drain()
    const listing = await fixture.api('GET', '/api/accounts/default/qr-codes')
    expect(listing.status).toBe(200)
    expect(listing.body['scenes']).toEqual([
      { scene: 'spring.fair', followersGained: 1, stillFollowing: 1, conversationsStarted: 0 },
      { scene: 'store_poster', followersGained: 2, stillFollowing: 1, conversationsStarted: 1 },
    ])
    expect(listing.body['codes']).toHaveLength(2)
    expect(listing.body['permanentLeft']).toBe(99_999)
    expect((await fixture.api('GET', '/api/accounts/nope/qr-codes')).status).toBe(404)
  } finally {
    await fixture.close()
  }
})
