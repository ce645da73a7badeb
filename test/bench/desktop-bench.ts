import { conversationKeyOf } from '../../common/domain/account.js'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Conversation } from '../../common/domain/conversation.js'
import type { Message } from '../../common/domain/message.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { createDesktopCore, type DesktopCore } from '../../main/core/desktop-core.js'
import { openReplica } from '../../main/core/replica/open-replica.js'
import { createReplicaStore } from '../../main/core/replica/replica-store.js'
import { matchExpressionOf } from '../../main/core/search/cjk-text.js'
import { createSearchIndex, SEARCH_SQL } from '../../main/core/search/search-index.js'
import { createFileSecretStore } from '../../main/core/session/file-secret-store.js'
import { createRelay } from '../../relay/app.js'
import { loadConfig } from '../../relay/config.js'
import { createLogger } from '../../relay/logger.js'
import { openRelayStore } from '../../relay/store/sqlite-relay-store.js'
import { percentile } from './percentile.js'

/**
 * `npm run bench -- desktop`: the desktop's three hot paths, each beside raw better-sqlite3 doing the
 * same reads in the same run. KEFU_BENCH_SCALE (default 1) shrinks the data for a quick look.
 */

const SCALE = Number(process.env['KEFU_BENCH_SCALE'] ?? 1)
const CONVERSATIONS = Math.round(20_000 * SCALE)
const CATCH_UP_MESSAGES = Math.round(500_000 * SCALE)
const SEARCH_MESSAGES = Math.round(1_000_000 * SCALE)
/** Messages a desktop misses while briefly offline: it catches up by replaying the log, not a snapshot. */
const BEHIND_MESSAGES = Math.round(25_000 * SCALE)
/** The password of the seeded relay's admin, who signs the benchmark's desktops in. */
export const ADMIN_PASSWORD = 'bench admin password'

const CHINESE = [
  '你好，请问我的订单什么时候发货',
  '我要申请退款，商品有质量问题',
  '快递一直没有更新物流信息',
  '可以帮我改一下收货地址吗',
  '发票怎么开，需要公司抬头',
  '优惠券为什么用不了',
  '退货运费谁来承担',
  '会员积分可以兑换什么',
  '客服在吗？急！',
  '谢谢，问题已经解决了',
]
const ENGLISH = [
  'Where is my order? It has not shipped yet',
  'I would like a refund please',
  'The tracking number does not work',
  'Can I change the delivery address',
  'Thanks, that solved it',
]

/** A deterministic stream of numbers, so every run searches the same text. */
function randomOf(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

function textOf(random: () => number, index: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const base = random() < 0.8 ? pick(CHINESE) : pick(ENGLISH)
  // One message in ten thousand carries a rare word, to time a search with few hits.
  return index % 10_000 === 7 ? `${base} 罕见词 zebrafish` : `${base} #${index % 997}`
}

function conversationOf(id: string, message: Message, version: number): Conversation {
  return {
    id,
    ...conversationKeyOf(id),
    remark: null,
    followState: 'subscribed',
    sourceScene: null,
    hasSeenFollow: false,
    unionId: null,
    snooze: null,
    awaitingReplySince: null,
    ticketRepliedAt: null,
    rating: null,
    ratingQuestion: null,
    firstSeenAt: message.createdAt,
    lastMessage: {
      messageId: message.id,
      direction: message.direction,
      text: (message.body as { text: string }).text,
      createdAt: message.createdAt,
    },
    lastIncomingAt: message.createdAt,
    unansweredCount: 1,
    windowHistory: { lastOpenedAt: { message: message.createdAt }, sendTimes: [], isUnsubscribed: false },
    assignee: null,
    status: 'open',
    ticketNumber: 1,
    tagIds: [],
    notes: '',
    version,
    updatedAt: message.createdAt,
  }
}

/** When generated message 0 arrived and how far apart the following ones are. */
export interface SeedTiming {
  readonly start: number
  readonly stepMs: number
}

const DEFAULT_TIMING: SeedTiming = { start: Date.UTC(2026, 0, 1), stepMs: 1000 }

/**
 * `count` incoming messages spread over `conversations` followers, as relay events without a seq;
 * `from` continues an earlier stream (message `from` is the first).
 */
function* generatedEvents(
  count: number,
  conversations: number,
  from = 0,
  timing: SeedTiming = DEFAULT_TIMING,
): Generator<Omit<RelayEvent & { type: 'message.created' }, 'seq'>> {
  const random = randomOf(42 + from)
  const { start, stepMs } = timing
  for (let index = from; index < from + count; index += 1) {
    const conversationId = `oBench${String(index % conversations).padStart(22, '0')}`
    const message: Message = {
      id: `bench-${index}`,
      conversationId,
      direction: 'incoming',
      body: { type: 'text', text: textOf(random, index) },
      status: 'sent',
      createdAt: start + index * stepMs,
      clientMessageId: null,
      senderUsername: null,
      isAutomatic: false,
      wechatMsgId: String(24_000_000_000_000_000n + BigInt(index)),
      failure: null,
    }
    yield {
      at: message.createdAt,
      type: 'message.created',
      message,
      conversation: conversationOf(conversationId, message, Math.floor(index / conversations) + 1),
    }
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function timed(runs: number, work: () => unknown): { median: number; p95: number } {
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now()
    work()
    samples.push(performance.now() - started)
  }
  return {
    median: median(samples),
    p95: percentile(
      [...samples].sort((a, b) => a - b),
      0.95,
    ),
  }
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 3 : 0)} ms`

/** A relay serving a seeded data folder. */
export interface BenchRelay {
  readonly url: string
  readonly head: number
  /** Where the relay ran: its own process (as deployed: two machines) or this one. */
  readonly where: string
  /** The CPU time it used since it listened, when it runs in its own process. */
  cpuMs(): Promise<number | null>
  /** Stops the relay; answers the CPU time it used since it listened, when it ran in its own process. */
  close(): Promise<number | null>
}

/**
 * The relay over the seeded folder. By default in a child process, as deployed, so the desktop's
 * figure is not the sum of both sides' work on one thread; KEFU_BENCH_RELAY=in-process for the old way.
 */
/** Starts the bench relay on `relayDir`, on `port` (0: any free one; a restart reuses the first one's). */
export async function startRelay(relayDir: string, port = 0): Promise<BenchRelay> {
  if (process.env['KEFU_BENCH_RELAY'] === 'in-process') {
    const relay = await createRelay(
      loadConfig({
        RELAY_PORT: String(port),
        RELAY_HOST: '127.0.0.1',
        RELAY_DATA_DIR: relayDir,
        RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      }),
      { logger: createLogger({ level: 'silent' }) },
    )
    return {
      url: relay.url,
      head: await relay.store.events.head(),
      where: 'in this process',
      cpuMs: async () => null,
      async close() {
        await relay.close()
        return null
      },
    }
  }
  const script = fileURLToPath(new URL('./desktop-bench-relay.ts', import.meta.url))
  // This process's flags carry tsx's loader, and `--cpu-prof` when profiling, to the child.
  const child = spawn(
    process.execPath,
    [...process.execArgv, script, relayDir, ADMIN_PASSWORD, String(port)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const line = await Promise.race([
    lines.next(),
    exited.then(() => {
      throw new Error('the bench relay exited before listening')
    }),
  ])
  const { url, head } = JSON.parse(String(line.value)) as { url: string; head: number }
  return {
    url,
    head,
    where: 'in its own process',
    async cpuMs() {
      child.stdin.write('cpu\n')
      const answer = await lines.next()
      return answer.done === true ? null : (JSON.parse(String(answer.value)) as { cpuMs: number }).cpuMs
    },
    async close() {
      child.stdin.end()
      const last = await lines.next()
      await exited
      return last.done === true ? null : (JSON.parse(String(last.value)) as { cpuMs: number }).cpuMs
    },
  }
}

/**
 * Appends `count` generated message events (from message `from` on) over `conversations` followers
 * (the desktop bench's 20 000 by default) straight to the relay store in `relayDir`.
 */
export async function seedRelay(
  relayDir: string,
  count: number,
  from: number,
  conversations = CONVERSATIONS,
  timing: SeedTiming = DEFAULT_TIMING,
): Promise<void> {
  const store = openRelayStore(relayDir)
  try {
    const events = generatedEvents(count, conversations, from, timing)
    for (let done = 0; done < count;) {
      await store.transaction(async (tx) => {
        for (let n = 0; n < 10_000 && done < count; n += 1, done += 1) {
          const event = events.next().value!
          await tx.conversations.save(event.conversation)
          await tx.messages.insert(event.message)
          await tx.events.append(event)
        }
      })
    }
  } finally {
    await store.close()
  }
}

/** Resolves when the core's connection is live. */
function liveOf(core: DesktopCore): Promise<void> {
  return new Promise<void>((resolve) => {
    core.listen({
      push(channel, payload) {
        if (channel === 'connection:changed' && (payload as { state: string }).state === 'live') resolve()
      },
    })
  })
}

/** Checks the replica against what the relay holds after `messages` generated messages. */
function checkReplica(core: DesktopCore, head: number, messages: number): void {
  const replica = core.replica()!
  if (replica.cursor() !== head) throw new Error(`caught up to ${replica.cursor()}, relay head ${head}`)
  const counts = replica.counts()
  if (counts.messages !== messages || counts.conversations !== CONVERSATIONS)
    throw new Error(`the replica holds ${counts.messages} messages / ${counts.conversations} conversations`)
  const found = core.search({ text: 'zebrafish', limit: 1_000 }).length
  const expected = Math.floor((messages - 8) / 10_000) + 1
  if (found !== expected) throw new Error(`search found ${found} of ${expected} rare words after catch-up`)
}

const cpuMs = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000

async function catchUpBench(dir: string): Promise<void> {
  const relayDir = join(dir, 'relay')
  const seeding = performance.now()
  await seedRelay(relayDir, CATCH_UP_MESSAGES, 0)
  console.log(
    `seeded the relay store with ${CATCH_UP_MESSAGES} messages in ${CONVERSATIONS} conversations: ${ms(performance.now() - seeding)}`,
  )

  let relay = await startRelay(relayDir)
  const dataDir = join(dir, 'desktop')
  const coreOptions = { dataDir, secretStore: createFileSecretStore(join(dataDir, 'secrets.json')) }
  try {
    // A desktop starting from nothing: the relay sends a snapshot of its state, not its log.
    const core = createDesktopCore(coreOptions)
    try {
      const started = performance.now()
      const startedCpu = process.cpuUsage()
      const relayCpuBefore = await relay.cpuMs()
      const caughtUp = liveOf(core)
      const answer = await core.signIn({ relayUrl: relay.url, username: 'admin', password: ADMIN_PASSWORD })
      if (!answer.ok) throw new Error(`sign-in failed: ${answer.message}`)
      await caughtUp
      const elapsed = performance.now() - started
      const desktopCpu = cpuMs(process.cpuUsage(startedCpu))
      const relayCpu = await relay.cpuMs()
      checkReplica(core, relay.head, CATCH_UP_MESSAGES)
      console.log(
        `catch-up from nothing (snapshot) of ${CATCH_UP_MESSAGES} messages / ${CONVERSATIONS} conversations over socket.io into the replica (relay ${relay.where}): ${ms(elapsed)} (target < 10 000 ms; ${Math.round(CATCH_UP_MESSAGES / (elapsed / 1000))} msg/s)`,
      )
      // CPU time beside wall time: on a shared machine the wall figure also measures the neighbours.
      console.log(
        `  CPU: desktop ${ms(desktopCpu)} (${((desktopCpu * 1000) / CATCH_UP_MESSAGES).toFixed(1)} µs/message)${relayCpu === null || relayCpuBefore === null ? '' : `, relay ${ms(relayCpu - relayCpuBefore)}`}`,
      )
    } finally {
      core.close()
    }

    // The same desktop, offline while more messages arrived: a short way behind, it replays the log.
    // Seeded with the relay stopped: a running relay sends desktops only what it wrote and synced itself.
    const port = Number(new URL(relay.url).port)
    await relay.close()
    await seedRelay(relayDir, BEHIND_MESSAGES, CATCH_UP_MESSAGES)
    relay = await startRelay(relayDir, port)
    const head = relay.head
    const resumed = createDesktopCore(coreOptions)
    try {
      const started = performance.now()
      const startedCpu = process.cpuUsage()
      const relayCpuBefore = await relay.cpuMs()
      const caughtUp = liveOf(resumed)
      await resumed.start()
      await caughtUp
      const elapsed = performance.now() - started
      const desktopCpu = cpuMs(process.cpuUsage(startedCpu))
      const relayCpu = await relay.cpuMs()
      checkReplica(resumed, head, CATCH_UP_MESSAGES + BEHIND_MESSAGES)
      console.log(
        `catch-up a little behind (log replay) of ${BEHIND_MESSAGES} events: ${ms(elapsed)} (${((elapsed * 1000) / BEHIND_MESSAGES).toFixed(1)} µs/event, into a replica of ${CATCH_UP_MESSAGES} messages)`,
      )
      console.log(
        `  CPU: desktop ${ms(desktopCpu)} (${((desktopCpu * 1000) / BEHIND_MESSAGES).toFixed(1)} µs/event)${relayCpu === null || relayCpuBefore === null ? '' : `, relay ${ms(relayCpu - relayCpuBefore)}`}`,
      )
    } finally {
      resumed.close()
    }
  } finally {
    await relay.close()
  }

  // Baselines: raw better-sqlite3, no network, no index, bare rows from the relay's file to a local one.
  const source = new Database(join(relayDir, 'relay.db'), { readonly: true })
  const target = new Database(join(dir, 'raw-catch-up.sqlite'))
  target.pragma('journal_mode = WAL')
  target.exec('CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT, json TEXT)')
  const insert = target.prepare('INSERT OR REPLACE INTO messages VALUES (?, ?, ?)')
  const rawSnapshot = performance.now()
  const rows = source.prepare<
    [number],
    { position: number; id: string; conversation_id: string; body_json: string }
  >(
    'SELECT position, id, conversation_id, body_json FROM messages WHERE position > ? ORDER BY position LIMIT 2000',
  )
  const writeRows = target.transaction(
    (page: { id: string; conversation_id: string; body_json: string }[]) => {
      for (const row of page) insert.run(row.id, row.conversation_id, row.body_json)
    },
  )
  let position = 0
  for (let pass = 0; pass < 1_000_000; pass += 1) {
    const page = rows.all(position)
    if (page.length === 0) break
    writeRows(page)
    position = page.at(-1)!.position
  }
  console.log(
    `  raw better-sqlite3, the snapshot's reads (message rows by page), local file to local file: ${ms(performance.now() - rawSnapshot)}`,
  )
  target.exec('DELETE FROM messages')
  const rawReplay = performance.now()
  const page = source.prepare<[number], { seq: number; payload_json: string }>(
    'SELECT seq, payload_json FROM events WHERE seq > ? ORDER BY seq LIMIT 500',
  )
  const write = target.transaction((events: { payload_json: string }[]) => {
    for (const row of events) {
      const event = JSON.parse(row.payload_json) as { message: Message }
      insert.run(event.message.id, event.message.conversationId, JSON.stringify(event.message))
    }
  })
  let cursor = 0
  for (let pass = 0; pass < 1_000_000; pass += 1) {
    const events = page.all(cursor)
    if (events.length === 0) break
    write(events)
    cursor = events.at(-1)!.seq
  }
  source.close()
  target.close()
  console.log(
    `  raw better-sqlite3, the replay's reads (every log page), local file to local file: ${ms(performance.now() - rawReplay)}`,
  )
}

function inboxAndSearchBench(dir: string): void {
  const path = join(dir, 'search.sqlite')
  const building = performance.now()
  const database = openReplica(path)
  const store = createReplicaStore(database)
  let seq = 0
  let batch: RelayEvent[] = []
  for (const event of generatedEvents(SEARCH_MESSAGES, CONVERSATIONS)) {
    seq += 1
    batch.push({ ...event, seq } as RelayEvent)
    if (batch.length === 5_000) {
      store.applyEvents(batch, 'agent')
      batch = []
    }
  }
  if (batch.length > 0) store.applyEvents(batch, 'agent')
  console.log(
    `built a replica of ${store.counts().messages} messages (event application incl. FTS): ${ms(performance.now() - building)}`,
  )

  const inbox = timed(200, () => store.inboxPage(50))
  const rawInbox = database.prepare(
    'SELECT json FROM conversations ORDER BY last_activity_at DESC, id LIMIT 50',
  )
  const raw = timed(200, () =>
    rawInbox.all().map((row) => JSON.parse((row as { json: string }).json) as unknown),
  )
  console.log(
    `inbox page (50 of ${store.counts().conversations}): median ${ms(inbox.median)}, p95 ${ms(inbox.p95)} (target < 5 ms); raw better-sqlite3 same read: median ${ms(raw.median)}`,
  )

  const search = createSearchIndex(database)
  const rawFts = database.prepare(SEARCH_SQL)
  const rawLike = database.prepare(
    'SELECT id, conversation_id, created_at, search_text FROM messages WHERE search_text LIKE ? ORDER BY rowid DESC LIMIT 50',
  )
  const terms = ['退', '退款', '订单号', '申请退款', '罕见', '罕见词', 'refund', 'zebrafish', 'order']
  for (const text of terms) {
    const ours = timed(50, () => search.search({ text, limit: 50 }))
    const hits = search.search({ text, limit: 50 }).length
    const params = {
      match: matchExpressionOf(text),
      conversationId: null,
      tagId: null,
      fromTime: null,
      toTime: null,
      limit: 50,
    }
    const fts = timed(50, () => rawFts.all(params))
    const like = timed(5, () => rawLike.all(`%${text}%`))
    console.log(
      `search "${text}" (${Array.from(text).length} chars, ${hits} hits shown): median ${ms(ours.median)}, p95 ${ms(ours.p95)} (target < 10 ms); raw FTS same SQL ${ms(fts.median)}; raw LIKE scan ${ms(like.median)}`,
    )
  }
  const filtered = timed(50, () =>
    search.search({ text: '退款', conversationId: 'oBench0000000000000000000007', limit: 50 }),
  )
  console.log(`search "退款" in one conversation: median ${ms(filtered.median)}, p95 ${ms(filtered.p95)}`)
  database.close()
}

/** Runs the desktop benchmarks, printing each figure beside its baseline. */
export async function runDesktopBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-desktop-bench-'))
  try {
    await catchUpBench(dir)
    inboxAndSearchBench(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
