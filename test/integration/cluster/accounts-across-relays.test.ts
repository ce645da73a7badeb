import { expect, test } from '@playwright/test'
import { buildPush, sendPush, textMessage } from '../relay/push-builder.js'
import { connectAgent, signIn } from '../relay/relay-fixture.js'
import { call } from '../shared-state/shared-state-fixture.js'
import { twoRelaysForEachTest } from './two-relay-fixture.js'

const relaysOfThisTest = twoRelaysForEachTest()

const REGION = {
  key: 'region',
  name: 'Region B',
  appId: 'wx00000000000000d4',
  appSecret: 'region-secret-0123456789',
  token: 'regionToken',
  encodingAESKey: 'D'.repeat(43),
}

function regionPush(msgId: string) {
  const push = buildPush(
    textMessage('oClusterRegion0000000000001', msgId, '另一个号', Math.floor(Date.now() / 1000)),
    {
      mode: 'safe',
      token: REGION.token,
      appId: REGION.appId,
      encodingAesKey: REGION.encodingAESKey,
    },
  )
  return { ...push, path: push.path.replace('/wechat?', '/wechat/region?') }
}

test('an account an admin adds on one relay is served by the other, and disabling it there stops both', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const admin = await signIn(a.url)
  const desktopOnB = connectAgent(b.url, admin)
  await desktopOnB.caughtUp
  expect((await sendPush(b.url, regionPush('8800000000000000001'))).status).toBe(404)

  expect((await call(a, admin, 'POST', '/api/accounts', REGION)).status).toBe(201)
  // The other relay reads its accounts again when its log brings the change (WeChat's retries cover
  // the moment in between).
  await expect.poll(async () => (await sendPush(b.url, regionPush('8800000000000000002'))).status).toBe(200)
  await desktopOnB.waitForSeq(await a.store.events.head())
  expect(desktopOnB.events.some((event) => event.type === 'account.upserted')).toBe(true)

  expect((await call(b, admin, 'PATCH', '/api/accounts/region', { isEnabled: false })).status).toBe(200)
  await expect.poll(async () => (await sendPush(a.url, regionPush('8800000000000000003'))).status).toBe(404)
  desktopOnB.close()
})
