import { expect, test } from '@playwright/test'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InboxItem } from '../../../common/ipc/channels.js'
import type { Relay } from '../../../relay/app.js'
import { DATABASE_FILE_NAME } from '../../../relay/store/sqlite-relay-store.js'
import { TEST_WECHAT_ENVIRONMENT } from '../relay/push-builder.js'
import { ADMIN_PASSWORD, startTestRelay, temporaryDataDir } from '../relay/relay-fixture.js'
import { followerWrites } from '../shared-state/shared-state-fixture.js'
import {
  createManualClock,
  isCaughtUpWith,
  startTestCore,
  waitForConnection,
  waitForCore,
} from './desktop-fixture.js'
import { sqliteDatabaseOf } from '../../support/sqlite-database-of.js'

test('a relay restored from a backup behind the desktop: the replica starts over, keeping outbox, drafts and read state', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const backupDir = mkdtempSync(join(tmpdir(), 'kefu-relay-backup-'))
  const manual = createManualClock()
  const started = startTestCore({ clock: manual.clock })
  const { core } = started
  let relay: Relay = await startTestRelay(dataDir)
  try {
    expect(
      await core.signIn({ relayUrl: relay.url, username: 'admin', password: ADMIN_PASSWORD }),
    ).toMatchObject({
      ok: true,
    })
    await waitForConnection(core, 'live')
    const caughtUp = (): Promise<void> =>
      waitForCore(core, isCaughtUpWith(core, relay), 'the replica at the head')

    const read = await followerWrites(relay, 'o_reset_read')
    const marked = await followerWrites(relay, 'o_reset_marked')
    const unread = await followerWrites(relay, 'o_reset_unread', 'one')
    await followerWrites(relay, 'o_reset_unread', 'two')
    const outboxTarget = await followerWrites(relay, 'o_reset_outbox')
    await caughtUp()
    await sqliteDatabaseOf(relay.store).backup(join(backupDir, DATABASE_FILE_NAME))
    const backupHead = await relay.store.events.head()

    // Written after the backup: the restore loses them.
    const ghost = await followerWrites(relay, 'o_reset_ghost')
    await followerWrites(relay, 'o_reset_unread', 'three, lost')
    await caughtUp()
    core.markRead({ conversationId: read.id })
    core.markRead({ conversationId: marked.id })
    core.markUnread({ conversationId: marked.id })
    core.setDraft({ conversationId: read.id, text: 'a draft that must survive' })
    expect(core.replica()!.cursor()).toBeGreaterThan(backupHead)

    // The relay goes down; a reply is queued meanwhile; the relay comes back from the backup on its port.
    const port = relay.port
    await relay.close()
    await waitForConnection(core, 'offline')
    const queued = await core.send({
      conversationId: outboxTarget.id,
      clientMessageId: 'reset-outbox-0001',
      body: { type: 'text', text: 'queued while the relay was down' },
    })
    expect(queued).toMatchObject({ ok: true, value: { status: 'pending' } })
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(dataDir, `${DATABASE_FILE_NAME}${suffix}`), { force: true })
    copyFileSync(join(backupDir, DATABASE_FILE_NAME), join(dataDir, DATABASE_FILE_NAME))
    relay = await startTestRelay(dataDir, { ...TEST_WECHAT_ENVIRONMENT, RELAY_PORT: String(port) })
    expect(await relay.store.events.head()).toBe(backupHead)

    const inboxPushes: InboxItem[][] = []
    core.listen({
      push: (channel, payload) =>
        channel === 'inbox:changed' && inboxPushes.push([...(payload as InboxItem[])]),
    })
    core.reconnect()
    await waitForConnection(core, 'live')
    await waitForCore(
      core,
      () => core.replica()!.messageByClientId('reset-outbox-0001')?.id.startsWith('local:') === false,
      'the queued reply at the relay',
    )
    await caughtUp()

    const replica = core.replica()!
    // The shared state is the relay's again: the lost conversation and message are gone.
    expect(replica.conversation(ghost.id)).toBeNull()
    expect(replica.counts().conversations).toBe(
      (await relay.store.conversations.list({ limit: 500 })).conversations.length,
    )
    const texts = replica
      .messages(unread.id, undefined, 50)
      .map((message) => ('text' in message.body ? message.body.text : ''))
    expect(texts).toEqual(['one', 'two'])
    expect(
      (await relay.store.messages.listBefore(outboxTarget.id, { limit: 50 }))!.messages.some(
        (message) => message.clientMessageId === 'reset-outbox-0001',
      ),
    ).toBe(true)

    // What belongs to this desktop stayed: the draft and the read state.
    const item = (id: string): InboxItem => replica.inboxItems([id])[0]!
    expect(core.draft({ conversationId: read.id })).toBe('a draft that must survive')
    expect(item(read.id)).toMatchObject({ unreadCount: 0, hasDraft: true })
    expect(item(marked.id).unreadCount).toBe(1)
    expect(item(unread.id).unreadCount).toBe(2)
    // The renderer heard the rebuilt inbox, read state included.
    const lastOf = (id: string): InboxItem | undefined =>
      inboxPushes
        .flat()
        .filter((each) => each.conversation.id === id)
        .at(-1)
    expect(lastOf(read.id)?.unreadCount).toBe(0)
    expect(lastOf(ghost.id)).toBeUndefined()
    expect(
      core
        .problems()
        .map((problem) => problem.message)
        .join('\n'),
    ).toMatch(/read again from the start/)
  } finally {
    core.close()
    started.remove()
    await relay.close()
    remove()
    rmSync(backupDir, { recursive: true, force: true })
  }
})
