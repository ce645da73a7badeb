import { expect, test } from '@playwright/test'
import type { Relay } from '../../../relay/app.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js'
import { buildPush, sendPush, textMessage, TEST_WECHAT_ENVIRONMENT } from '../relay/push-builder.js'
import { startTestRelay, temporaryDataDir } from '../relay/relay-fixture.js'

async function readiness(relay: Relay): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${relay.url}/readyz`)
  return { status: response.status, body: await response.json() }
}

let nextMsgId = 7_400_000_000_000_000_000n

function pushOf(openId: string, text: string) {
  return buildPush(textMessage(openId, String(nextMsgId++), text, Math.floor(Date.now() / 1000)), {
    mode: 'safe',
  })
}

test('a relay that loses its database is unready and refuses pushes for WeChat to retry; its peer carries on; both are ready again after', async () => {
  const first = temporaryDataDir()
  const second = temporaryDataDir()
  const relays: Relay[] = []
  let proxy: TcpProxy | null = null
  try {
    const { RELAY_DATABASE_URL: url } = await storeEnvironmentOfThisTest(first.dataDir)
    const database = new URL(url!)
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port) })
    // Relay A reaches the database through a link the test can cut; relay B directly.
    const throughProxy = new URL(url!)
    throughProxy.port = String(proxy.port)
    const [a, b] = await Promise.all([
      startTestRelay(first.dataDir, {
        ...TEST_WECHAT_ENVIRONMENT,
        RELAY_DATABASE_URL: throughProxy.toString(),
      }),
      startTestRelay(second.dataDir, { ...TEST_WECHAT_ENVIRONMENT, RELAY_DATABASE_URL: url }),
    ])
    relays.push(a, b)
    expect((await readiness(a)).status).toBe(200)

    proxy.cut()
    await expect
      .poll(async () => (await readiness(a)).body, { timeout: 15_000 })
      .toEqual({ status: 'store_failing' })
    expect(await readiness(b)).toEqual({ status: 200, body: { status: 'ready' } })
    // WeChat's push to the cut relay is not answered `success`: WeChat sends it again, to the other.
    const push = pushOf('oClusterLostDatabase000001', '数据库断了吗')
    expect((await sendPush(a.url, push)).status).toBe(503)
    expect(await sendPush(b.url, push)).toEqual({ status: 200, text: 'success' })

    proxy.restore()
    await expect.poll(async () => (await readiness(a)).status, { timeout: 15_000 }).toBe(200)
    // A follows the shared log again: it publishes what B stored while it was cut off.
    const head = await b.store.events.head()
    await expect.poll(() => a.store.publisher.head(), { timeout: 15_000 }).toBe(head)
    expect(await sendPush(a.url, pushOf('oClusterLostDatabase000001', '好了'))).toEqual({
      status: 200,
      text: 'success',
    })
  } finally {
    await Promise.all(relays.map((relay) => relay.close()))
    await proxy?.close()
    first.remove()
    second.remove()
  }
})
