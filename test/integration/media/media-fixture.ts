/** A relay whose WeChat is the simulator, and reads of what it keeps of messages' media. */
import { expect } from '@playwright/test'
import { createHash } from 'node:crypto'
import type { MessageMedia } from '../../../common/domain/media.js'
import type { Message } from '../../../common/domain/message.js'
import type { Relay, RelayDependencies } from '../../../relay/app.js'
import { createLogger } from '../../../relay/logger.js'
import { startWeChatSimulator, type WeChatSimulator } from '../../simulator/wechat-simulator.js'
import { call } from '../shared-state/shared-state-fixture.js'
import { signIn, startTestRelay, temporaryDataDir } from '../relay/relay-fixture.js'

const ENCODING_AES_KEY = 'M'.repeat(43)

export interface MediaRig {
  readonly relay: Relay
  readonly wechat: WeChatSimulator
  readonly token: string
  readonly close: () => Promise<void>
}

/** A relay whose WeChat is the simulator: it fetches media with `media/get`, retrying fast. */
export async function startMediaRig(
  options: { readonly wechatNow?: () => number; readonly relay?: RelayDependencies } = {},
): Promise<MediaRig> {
  const wechat = await startWeChatSimulator({
    encodingAesKey: ENCODING_AES_KEY,
    ...(options.wechatNow === undefined ? {} : { now: options.wechatNow }),
  })
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(
    dataDir,
    {
      WECHAT_TOKEN: wechat.webhookToken,
      WECHAT_APPID: wechat.appId,
      WECHAT_APPSECRET: wechat.appSecret,
      WECHAT_ENCODING_AES_KEY: ENCODING_AES_KEY,
      WECHAT_API_BASE: wechat.apiBase,
    },
    {
      sender: undefined,
      logger: createLogger({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
      mediaFetch: { baseDelayMs: 50, maxDelayMs: 200, pollMs: 100 },
      ...options.relay,
    },
  )
  wechat.setRelayUrl(`${relay.url}/wechat`)
  return {
    relay,
    wechat,
    token: await signIn(relay.url),
    close: async () => {
      await relay.close()
      await wechat.close()
      remove()
    },
  }
}

/** The conversation's messages, newest first. */
export async function messagesOf(rig: MediaRig, conversationId: string): Promise<readonly Message[]> {
  const page = await call<{ messages: Message[] }>(
    rig.relay,
    rig.token,
    'GET',
    `/api/conversations/${encodeURIComponent(conversationId)}/messages?limit=50`,
  )
  return page.body.messages
}

/** Waits until the conversation's newest message has media in a settled state (or `state`). */
export async function settledMedia(
  rig: MediaRig,
  conversationId: string,
  state: MessageMedia['state'] = 'stored',
) {
  let message: Message | undefined
  await expect
    .poll(
      async () => {
        message = (await messagesOf(rig, conversationId))[0]
        return message?.media?.state
      },
      { timeout: 20_000 },
    )
    .toBe(state)
  return message!
}

export const mediaOf = (
  rig: MediaRig,
  messageId: string,
  role: string,
  headers: Record<string, string> = {},
  token = rig.token,
) =>
  fetch(`${rig.relay.url}/api/messages/${encodeURIComponent(messageId)}/media?role=${role}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  })

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')
