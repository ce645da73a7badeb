import { expect, test } from '@playwright/test'
import { once } from 'node:events'
import type { RelayEvent } from '../../../common/relay/events.js'
import type { Relay } from '../../../relay/app.js'
import { systemClock } from '../../../main/core/sync/clock.js'
import { spawnRelay } from '../../support/spawned-relay.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { startTcpProxy } from '../../support/tcp-proxy.js'
import { isCaughtUpWith, startTestCore, waitForConnection, waitForCore } from '../main/desktop-fixture.js'
import { buildPush, sendPush, TEST_WECHAT_ENVIRONMENT, textMessage } from '../relay/push-builder.js'
import {
  ADMIN_PASSWORD,
  connectAgent,
  signIn,
  startTestRelay,
  temporaryDataDir,
} from '../relay/relay-fixture.js'

const WORKERS = 16
const KILL_AFTER_SUCCESSES = 120
const STOP_AFTER_SUCCESSES = 300

/** Every message text in the log, once per `message.created`. */
async function createdTexts(relay: Relay): Promise<string[]> {
  const texts: string[] = []
  let cursor = 0
  for (let page = 0; page < 100; page += 1) {
    const events: RelayEvent[] = await relay.store.events.after(cursor, 1_000)
    if (events.length === 0) break
    for (const event of events) {
      if (event.type === 'message.created' && event.message.body.type === 'text') {
        texts.push(event.message.body.text)
      }
      cursor = event.seq
    }
  }
  return texts
}

test('kill -9 one relay under load: WeChat retries at the other, nothing answered is lost or stored twice, desktops move over with no gap', async () => {
  test.setTimeout(90_000)
  const first = temporaryDataDir()
  const second = temporaryDataDir()
  const shared = await storeEnvironmentOfThisTest(first.dataDir)
  const doomed = await spawnRelay(first.dataDir, shared)
  const survivor = await startTestRelay(second.dataDir, { ...TEST_WECHAT_ENVIRONMENT, ...shared })
  // The load balancer desktops connect through: the doomed relay first, the survivor when it refuses.
  const balancer = await startTcpProxy([
    { host: '127.0.0.1', port: doomed.port },
    { host: '127.0.0.1', port: survivor.port },
  ])
  const desktop = startTestCore({ clock: systemClock, backoff: () => 200 })
  try {
    const { core } = desktop
    expect(
      (await core.signIn({ relayUrl: balancer.url, username: 'admin', password: ADMIN_PASSWORD })).ok,
    ).toBe(true)
    await waitForConnection(core, 'live')
    const states: string[] = []
    const stopListening = core.listen({
      push: () => states.at(-1) !== core.connection().state && states.push(core.connection().state),
      problem: () => undefined,
    })
    // A second desktop straight on the survivor: every event once, in seq order, live throughout.
    const watcher = connectAgent(survivor.url, await signIn(survivor.url), 0)
    await watcher.caughtUp

    const acknowledged = new Set<string>()
    const attempted: string[] = []
    let nextMsgId = 7_500_000_000_000_000_000n
    let isKilled = false
    const exited = once(doomed.child, 'exit')
    const worker = async (index: number): Promise<void> => {
      // Bounded by STOP_AFTER_SUCCESSES; the round cap only stops a relay that never answers.
      for (let round = 0; round < 200 && acknowledged.size < STOP_AFTER_SUCCESSES; round += 1) {
        const msgId = String(nextMsgId++)
        const text = `故障转移 ${msgId}`
        attempted.push(text)
        const push = buildPush(textMessage(`oFailover${String(index).padStart(17, '0')}`, msgId, text), {
          mode: 'safe',
        })
        const first = await sendPush(isKilled ? survivor.url : doomed.url, push).catch(() => null)
        // Not answered `success` (refused, cut off, the relay gone): WeChat sends it again, here to the
        // other relay, as the load balancer would.
        const answer =
          first?.status === 200 && first.text === 'success' ? first : await sendPush(survivor.url, push)
        expect(answer).toEqual({ status: 200, text: 'success' })
        acknowledged.add(text)
        if (acknowledged.size >= KILL_AFTER_SUCCESSES && !isKilled) {
          isKilled = true
          doomed.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)))
    await exited
    expect(isKilled).toBe(true)

    const stored = await createdTexts(survivor)
    expect(new Set(stored).size, 'stored twice').toBe(stored.length)
    expect(stored.sort()).toEqual([...acknowledged].sort())
    expect(acknowledged.size).toBe(attempted.length)

    // The desktop lost its relay mid-stream, reconnected through the balancer to the survivor and caught up.
    await waitForCore(core, isCaughtUpWith(core, survivor), 'catch-up on the surviving relay', 30_000)
    expect(core.connection().state).toBe('live')
    stopListening()
    // It was on the doomed relay: the kill cut it off before it went live again.
    expect(states.some((state) => state === 'offline' || state === 'connecting')).toBe(true)
    expect(core.replica()!.counts().messages).toBe(attempted.length)
    expect(core.problems()).toEqual([])
    const head = await survivor.store.events.head()
    await watcher.waitForSeq(head)
    expect(watcher.events.map((event) => event.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1))
    watcher.close()
  } finally {
    desktop.core.close()
    desktop.remove()
    if (doomed.child.exitCode === null) doomed.child.kill('SIGKILL')
    await balancer.close()
    await survivor.close()
    first.remove()
    second.remove()
  }
})
