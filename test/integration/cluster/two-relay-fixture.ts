import { test } from '@playwright/test'
import type { Relay } from '../../../relay/app.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { TEST_WECHAT_ENVIRONMENT } from '../relay/push-builder.js'
import { startTestRelay, temporaryDataDir } from '../relay/relay-fixture.js'

const CLUSTER_SECRET_KEY = 'the secret key every relay of the cluster shares'

/** The relays of the running test. */
export interface RelaysOfThisTest {
  /** The two started before the test. */
  pair(): readonly [Relay, Relay]
  /** One more on the same database, closed after the test. */
  startAnother(): Promise<Relay>
}

/**
 * Two relays on one PostgreSQL database for each test of the file, as behind a load balancer: each has
 * its own data dir and process state, and shares only the database.
 */
export function twoRelaysForEachTest(): RelaysOfThisTest {
  let relays: Relay[] = []
  let removals: (() => void)[] = []
  let environment: NodeJS.ProcessEnv = {}
  const startOne = async (): Promise<Relay> => {
    const { dataDir, remove } = temporaryDataDir()
    removals.push(remove)
    return startTestRelay(dataDir, environment)
  }
  test.beforeEach(async () => {
    const first = temporaryDataDir()
    removals = [first.remove]
    const shared = await storeEnvironmentOfThisTest(first.dataDir)
    // One secret key for every relay of the database, as an operator deploys them.
    environment = { ...TEST_WECHAT_ENVIRONMENT, RELAY_SECRET_KEY: CLUSTER_SECRET_KEY, ...shared }
    relays = await Promise.all([startTestRelay(first.dataDir, environment), startOne()])
  })
  test.afterEach(async () => {
    await Promise.all(relays.map((relay) => relay.close()))
    relays = []
    for (const remove of removals) remove()
  })
  return {
    pair() {
      if (relays.length < 2) throw new Error('the relays start before each test')
      return [relays[0]!, relays[1]!]
    },
    async startAnother() {
      const relay = await startOne()
      relays.push(relay)
      return relay
    },
  }
}
