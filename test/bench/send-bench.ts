import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRelay } from '../../relay/app.js'
import { loadConfig } from '../../relay/config.js'
import { createLogger } from '../../relay/logger.js'
import { startWeChatSimulator, type WeChatSimulator } from '../simulator/wechat-simulator.js'
import { percentile } from './percentile.js'

/** Figures of one send benchmark run. */
export interface SendBenchResult {
  readonly replies: number
  readonly concurrency: number
  readonly relayRepliesPerSecond: number
  /** How fast the relay answered the REST commands (stored pending), before delivery. */
  readonly commandsPerSecond: number
  readonly relayLatencyP50Ms: number
  readonly relayLatencyP99Ms: number
  readonly simulatorCeilingPerSecond: number
  readonly tokenFetches: number
}

/** Runs `count` jobs, `concurrency` at a time. */
async function pool(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++)
    }),
  )
}

/** The simulator's own ceiling: custom/send calls straight at it, same count and concurrency. */
async function simulatorCeiling(
  simulator: WeChatSimulator,
  openIds: readonly string[],
  perFollower: number,
  concurrency: number,
) {
  const tokenAnswer = await fetch(`${simulator.apiBase}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({
      grant_type: 'client_credential',
      appid: simulator.appId,
      secret: simulator.appSecret,
    }),
  })
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token
  for (const openId of openIds) simulator.recordInteraction(openId, 'message')
  const count = openIds.length * perFollower
  const started = performance.now()
  await pool(count, concurrency, async (index) => {
    const response = await fetch(`${simulator.apiBase}/cgi-bin/message/custom/send?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: openIds[index % openIds.length],
        msgtype: 'text',
        text: { content: `ceiling ${index}` },
      }),
    })
    const answer = (await response.json()) as { errcode: number }
    if (answer.errcode !== 0) throw new Error(`simulator refused: ${JSON.stringify(answer)}`)
  })
  return count / ((performance.now() - started) / 1000)
}

/**
 * Replies per second through relay → simulator with the one shared token, and the send latency
 * (REST command to WeChat accepting it) p50/p99, beside the simulator's own ceiling in the same run.
 */
export async function runSendBench(
  options: { followers?: number; perFollower?: number; concurrency?: number } = {},
): Promise<SendBenchResult> {
  const followerCount = options.followers ?? 300
  const perFollower = options.perFollower ?? 4
  const concurrency = options.concurrency ?? 32
  const simulator = await startWeChatSimulator({
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-send-bench-'))
  const relay = await createRelay(
    loadConfig({
      RELAY_PORT: '0',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_PASSWORD: 'send bench password',
      WECHAT_TOKEN: simulator.webhookToken,
      WECHAT_APPID: simulator.appId,
      WECHAT_APPSECRET: simulator.appSecret,
      WECHAT_ENCODING_AES_KEY: simulator.encodingAesKey ?? undefined,
      WECHAT_API_BASE: simulator.apiBase,
    }),
    { logger: createLogger({ level: 'silent' }) },
  )
  try {
    simulator.setRelayUrl(`${relay.url}/wechat`)
    const openIds = Array.from(
      { length: followerCount },
      (_, i) => `oSendBench${String(i).padStart(17, '0')}`,
    )
    await pool(openIds.length, 16, async (index) => {
      const delivery = await simulator.follower(openIds[index]!).sendText(`question ${index}`)
      if (delivery.status !== 200) throw new Error(`push refused: ${delivery.status} ${delivery.error}`)
    })
    const session = await relay.auth.signIn('admin', 'send bench password')

    const count = followerCount * perFollower
    const startedAt = new Map<string, number>()
    const latencies: number[] = []
    let lastDeliveredAt = 0
    let allDelivered: () => void = () => undefined
    const done = new Promise<void>((resolve) => (allDelivered = resolve))
    const unsubscribe = simulator.onDelivered((message) => {
      const text = (message.body['text'] as { content?: string } | undefined)?.content ?? ''
      const started = startedAt.get(text)
      if (started === undefined) return
      lastDeliveredAt = performance.now()
      latencies.push(lastDeliveredAt - started)
      if (latencies.length === count) allDelivered()
    })
    const started = performance.now()
    await pool(count, concurrency, async (index) => {
      const openId = openIds[index % followerCount]!
      const text = `reply ${index}`
      startedAt.set(text, performance.now())
      const response = await fetch(`${relay.url}/api/conversations/${openId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: `bench-${index}-abcdefgh`, body: { type: 'text', text } }),
      })
      if (response.status >= 300) throw new Error(`send refused: ${response.status} ${await response.text()}`)
    })
    const postsDoneMs = performance.now() - started
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('deliveries missing')), 60_000)
      }),
    ]).finally(() => clearTimeout(timer))
    unsubscribe()
    const relayRepliesPerSecond = count / ((lastDeliveredAt - started) / 1000)
    const sorted = [...latencies].sort((a, b) => a - b)
    const tokenFetches = simulator.calls.filter((call) => call.endpoint === 'stable_token').length

    const ceilingIds = Array.from(
      { length: followerCount },
      (_, i) => `oCeiling${String(i).padStart(19, '0')}`,
    )
    for (const openId of ceilingIds) simulator.follower(openId)
    const simulatorCeilingPerSecond = await simulatorCeiling(simulator, ceilingIds, perFollower, concurrency)

    const result: SendBenchResult = {
      replies: count,
      concurrency,
      relayRepliesPerSecond: Math.round(relayRepliesPerSecond),
      commandsPerSecond: Math.round(count / (postsDoneMs / 1000)),
      relayLatencyP50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
      relayLatencyP99Ms: Number(percentile(sorted, 0.99).toFixed(1)),
      simulatorCeilingPerSecond: Math.round(simulatorCeilingPerSecond),
      tokenFetches,
    }
    console.log(
      `replies through relay → simulator: ${result.replies} at concurrency ${concurrency}, token fetches: ${tokenFetches}`,
    )
    console.log(
      `  relay:     ${result.relayRepliesPerSecond} replies/s, latency p50 ${result.relayLatencyP50Ms} ms, p99 ${result.relayLatencyP99Ms} ms`,
    )
    console.log(`  commands:  ${result.commandsPerSecond} REST sends/s answered (stored pending)`)
    console.log(`  (relay, simulator and clients share one Node process and event loop)`)
    console.log(`  simulator: ${result.simulatorCeilingPerSecond} sends/s called directly (the ceiling)`)
    return result
  } finally {
    await relay.close()
    await simulator.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
