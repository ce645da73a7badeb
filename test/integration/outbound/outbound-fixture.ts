import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { Message, OutgoingBody } from '../../../common/domain/message.js'
import { createAccessTokenCache, type AccessTokenKind } from '../../../relay/store/access-token-cache.js'
import { awaiting } from '../../../relay/store/awaiting.js'
import { createAccessTokenService } from '../../../relay/outbound/access-token-service.js'
import { createWeChatApiClient } from '../../../relay/outbound/wechat-api-client.js'
import { createWeChatSender } from '../../../relay/outbound/wechat-sender-service.js'
import { openDatabase } from '../../../relay/store/open-database.js'
import { startWeChatSimulator, type WeChatSimulatorOptions } from '../../simulator/wechat-simulator.js'

/** A simulator plus the relay's outbound stack on a real SQLite file. */
export async function startOutboundFixture(
  options: WeChatSimulatorOptions & {
    tokenKind?: AccessTokenKind
    timeoutMs?: number
    dataDir?: string
  } = {},
) {
  const simulator = await startWeChatSimulator(options)
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-outbound-'))
  const database: Database = openDatabase(join(dataDir, 'relay.db'))
  const now = options.now ?? Date.now
  const tokens = createAccessTokenService({
    apiBase: simulator.apiBase,
    appId: simulator.appId,
    appSecret: simulator.appSecret,
    kind: options.tokenKind ?? 'stable',
    cache: awaiting(createAccessTokenCache(database)),
    now,
  })
  const client = createWeChatApiClient({
    apiBase: simulator.apiBase,
    tokens,
    timeoutMs: options.timeoutMs ?? 2000,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  })
  const sender = createWeChatSender({ client })
  let counter = 0
  const messageOf = (openId: string, body: OutgoingBody): Message => {
    counter += 1
    return {
      id: `m-${counter}`,
      conversationId: openId,
      direction: 'outgoing',
      body,
      status: 'pending',
      createdAt: now(),
      clientMessageId: `client-${counter}-abcdefgh`,
      senderUsername: 'agent1',
      isAutomatic: false,
      wechatMsgId: null,
      failure: null,
    }
  }
  return {
    simulator,
    database,
    dataDir,
    tokens,
    client,
    sender,
    messageOf,
    /** Stable-token and classic-token fetches the simulator saw. */
    tokenFetches: () =>
      simulator.calls.filter((call) => call.endpoint === 'stable_token' || call.endpoint === 'token'),
    sends: () => simulator.calls.filter((call) => call.endpoint === 'message/custom/send'),
    async close() {
      database.close()
      await simulator.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A tiny valid PNG (1×1). */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
