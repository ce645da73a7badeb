import { expect, test } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type { ConversationPage, MessagePage } from '../../../common/relay/events.js'
import type { DesktopCore } from '../../../main/core/desktop-core.js'
import { startWeChatSimulator, type WeChatSimulator } from '../../simulator/wechat-simulator.js'
import { ADMIN_PASSWORD, signIn, temporaryDataDir } from '../relay/relay-fixture.js'
import { createManualClock, startTestCore, waitForConnection, waitForCore } from './desktop-fixture.js'

const FOLLOWERS = 6
const CONCURRENCY = 8

/** A free port on 127.0.0.1, so the relay comes back where the desktop knows it. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** `kefu-relay [command]` in its own process, as an operator runs it. */
function kefuRelay(args: readonly string[], environment: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts', ...args], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Starts the relay and resolves once it listens. */
async function startRelay(environment: Record<string, string>): Promise<ChildProcess> {
  const child = kefuRelay([], environment)
  const lines = createInterface({ input: child.stdout! })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the relay did not start within 20 s')), 20_000)
    lines.on('line', (line) => {
      if ((JSON.parse(line) as { msg?: string }).msg !== 'relay listening') return
      clearTimeout(timer)
      resolve()
    })
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)))
  })
  return child
}

/** Runs `backup` or `restore` to its end; answers its exit code and output. */
async function runCommand(args: readonly string[], environment: Record<string, string>) {
  const child = kefuRelay(args, environment)
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number]
  return { code, output }
}

/** The REST API of the relay, as the admin. */
async function restOf(url: string) {
  const token = await signIn(url)
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`)
    return (await response.json()) as T
  }
  return {
    /** The published head of the log, as the conversation list reports it. */
    head: async () => (await get<ConversationPage>('/api/conversations?limit=1')).cursor,
    async state() {
      const conversations = (await get<ConversationPage>('/api/conversations?limit=500')).conversations
      const messages = new Map<string, readonly Message[]>()
      for (const conversation of conversations) {
        const page = await get<MessagePage>(`/api/conversations/${conversation.id}/messages?limit=200`)
        messages.set(conversation.id, [...page.messages].reverse())
      }
      return { conversations, messages }
    },
  }
}

/** What a user sees of a conversation, but the team's unanswered count. */
function visible(conversation: Conversation): Omit<Conversation, 'unansweredCount'> {
  const { unansweredCount: _unanswered, ...rest } = conversation
  return rest
}

/** Pushes texts from the simulated followers, CONCURRENCY at a time, until `isDone` or the relay is gone. */
async function pushUntil(simulator: WeChatSimulator, isDone: (accepted: number) => boolean): Promise<number> {
  let accepted = 0
  let sent = 0
  let isGone = false
  const worker = async (): Promise<void> => {
    // Bounded: every caller stops well before this many pushes.
    while (!isGone && !isDone(accepted) && sent < 5_000) {
      sent += 1
      const follower = simulator.follower(`o_restore_${sent % FOLLOWERS}`)
      const delivery = await follower.sendText(`push ${sent}`)
      if (delivery.reply === 'success') accepted += 1
      else if (delivery.status === null) isGone = true
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return accepted
}

test('kill -9 under load, restore an older backup, push past the desktop: its replica is the relay’s state again', async () => {
  test.setTimeout(180_000)
  const { dataDir, remove } = temporaryDataDir()
  const backupDir = mkdtempSync(join(tmpdir(), 'kefu-backup-'))
  const backupFile = join(backupDir, 'relay-backup.db')
  const simulator = await startWeChatSimulator({
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    pushRetries: 0,
    pushTimeoutMs: 5_000,
  })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  simulator.setRelayUrl(`${url}/wechat`)
  const environment = {
    RELAY_PORT: String(port),
    RELAY_HOST: '127.0.0.1',
    RELAY_DATA_DIR: dataDir,
    RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    WECHAT_TOKEN: simulator.webhookToken,
    WECHAT_APPID: simulator.appId,
    WECHAT_APPSECRET: simulator.appSecret,
    WECHAT_ENCODING_AES_KEY: simulator.encodingAesKey!,
    WECHAT_API_BASE: simulator.apiBase,
  }
  const { core, remove: removeCore } = startTestCore({ clock: createManualClock().clock })
  let relay = await startRelay(environment)
  try {
    expect(await core.signIn({ relayUrl: url, username: 'admin', password: ADMIN_PASSWORD })).toMatchObject({
      ok: true,
    })
    await waitForConnection(core, 'live')
    const replica = (): ReturnType<DesktopCore['replica']> & object => core.replica()!
    const logBefore = replica().logId()
    expect(logBefore).not.toBeNull()

    // Load, with a backup taken while it runs.
    const loading = pushUntil(simulator, (accepted) => accepted >= 300)
    await waitForCore(core, () => replica().cursor() >= 100, 'the desktop a way into the load')
    const backup = await runCommand(['backup', backupFile], environment)
    expect(backup.code, backup.output).toBe(0)
    expect(backup.output).toMatch(/backed up .* to .*relay-backup\.db/)
    await loading

    // More load, and the relay is killed in the middle of it.
    const exited = once(relay, 'exit')
    let isKilled = false
    const dying = pushUntil(simulator, (accepted) => {
      if (accepted >= 150 && !isKilled) isKilled = relay.kill('SIGKILL')
      return false
    })
    await exited
    await dying
    await waitForConnection(core, 'offline')
    const cursor = replica().cursor()

    // The operator restores the older backup; a relay still running would have been refused.
    const restore = await runCommand(['restore', backupFile], environment)
    expect(restore.code, restore.output).toBe(0)
    expect(restore.output).toMatch(/restored .* the database it replaced is at /)
    relay = await startRelay(environment)
    const rest = await restOf(url)
    const restoredHead = await rest.head()
    expect(restoredHead).toBeLessThan(cursor)
    const refused = await runCommand(['restore', backupFile], environment)
    expect(refused.code).toBe(1)
    expect(refused.output).toMatch(/A relay is running on .*: stop it before restoring/)

    // The restored log grows past the desktop's cursor: its seqs now name other events than the desktop's.
    let head = restoredHead
    while (head <= cursor + 20) {
      await pushUntil(simulator, (accepted) => accepted >= 50)
      head = await rest.head()
    }

    core.reconnect()
    await waitForConnection(core, 'live')
    await waitForCore(core, () => replica().cursor() === head, 'the replica at the restored log’s head')
    expect(replica().logId()).not.toBe(logBefore)
    expect(core.problems().map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/read again from the start/),
    )

    // Conversations and messages, as the user sees them, are the relay's exactly.
    const state = await rest.state()
    const items = replica().inboxPage(500)
    expect(items.map((item) => item.conversation.id).sort()).toEqual(
      state.conversations.map((conversation) => conversation.id).sort(),
    )
    for (const conversation of state.conversations) {
      expect(visible(replica().conversation(conversation.id)!)).toEqual(visible(conversation))
      // The same messages; the order is compared by time, as the replica shows them: the relay lists by
      // arrival, and a push the restore made WeChat send again arrives after later ones.
      expect(byTime(replica().messages(conversation.id, undefined, 500))).toEqual(
        byTime(state.messages.get(conversation.id) ?? []),
      )
    }
    const total = [...state.messages.values()].reduce((sum, messages) => sum + messages.length, 0)
    expect(replica().counts()).toEqual({ conversations: state.conversations.length, messages: total })
  } finally {
    core.close()
    removeCore()
    relay.kill('SIGKILL')
    await simulator.close()
    remove()
    rmSync(backupDir, { recursive: true, force: true })
  }
})

/** Messages in the order of their time, ties by id: an order both the relay's and the replica's lists share. */
function byTime<M extends { readonly createdAt: number; readonly id: string }>(messages: readonly M[]): M[] {
  return [...messages].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}
