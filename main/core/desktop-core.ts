import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import type { Conversation } from '../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../common/domain/message.js'
import type { User } from '../../common/domain/user.js'
import type {
  CommandOutcome,
  ConnectionState,
  PushChannel,
  PushChannels,
  SessionState,
} from '../../common/ipc/channels.js'
import { RELAY_ERROR_CODES, type RelayErrorCode } from '../../common/relay/errors.js'
import type { ClientToServerEvents } from '../../common/relay/events.js'
import {
  createOutbox,
  outcomeOf,
  type ConversationCommand,
  type Outbox,
  type OutboxCommand,
} from './outbox.js'
import { createRelayClient, RelayRequestError } from './relay-client.js'
import { openReplica, ReplicaOpenError } from './replica/open-replica.js'
import { createReplicaRebuild, type ReplicaRebuild } from './replica/replica-rebuild.js'
import { createReplicaSnapshot } from './replica/replica-snapshot.js'
import {
  createReplicaStore,
  localMessageIdOf,
  type ApplyResult,
  type ReplicaStore,
} from './replica/replica-store.js'
import { createSearchIndex, type SearchIndex } from './search/search-index.js'
import { createTeamAdmin } from './team/team-admin.js'
import { createTeamPresence } from './team/team-presence.js'
import type { SecretStore } from './session/secret-store.js'
import { defaultBackoff, systemClock, type Backoff, type Clock } from './sync/clock.js'
import { conversationSchema, userSchema } from './sync/relay-event-schema.js'
import {
  createSyncConnection,
  NotConnectedError,
  type RelayCommand,
  type SyncConnection,
} from './sync/sync-connection.js'

/** A native notification main should show (the Electron layer does; the browser shell logs it). */
export interface DesktopNotification {
  readonly kind: 'new-conversation' | 'message'
  readonly conversationId: string
  readonly title: string
  readonly body: string
}

/** Something main reports outside the IPC contract: a refused event, a failed background step. */
export interface DesktopProblem {
  readonly at: number
  readonly message: string
}

/** What the Electron layer and the browser shell hear from the core. */
export interface DesktopCoreListeners {
  push?<P extends PushChannel>(channel: P, payload: PushChannels[P]): void
  notification?(notification: DesktopNotification): void
  /** Conversations that need my reply changed: the tray/dock badge. */
  badge?(count: number): void
  problem?(problem: DesktopProblem): void
}

/** How the core is set up; everything outside plain Node is injected. */
export interface DesktopCoreOptions {
  readonly dataDir: string
  readonly secretStore: SecretStore
  readonly clock?: Clock
  readonly backoff?: Backoff
  /** better-sqlite3's addon built for the running runtime (Electron passes its own). */
  readonly nativeBinding?: string
  /** How long a relay command may stay unanswered. */
  readonly ackTimeoutMs?: number
  /** How often the desktop repeats its presence to the relay. */
  readonly heartbeatMs?: number
  /** The relay the sign-in screen offers while signed out (the demo passes its own). */
  readonly defaultRelayUrl?: string
}

const TOKEN_KEY = 'relay-token'

interface SavedSession {
  readonly relayUrl: string
  readonly user: User
}

interface OpenSession {
  readonly relayUrl: string
  readonly user: User
  readonly token: string
  readonly replica: {
    readonly database: Database.Database
    readonly store: ReplicaStore
    readonly search: SearchIndex
    readonly outbox: Outbox
    readonly rebuild: ReplicaRebuild
    readonly path: string
  } | null
  readonly connection: SyncConnection | null
}

/** Where the replica of one user on one relay lives: one database per relay and per user. */
export function replicaPathOf(dataDir: string, relayUrl: string, username: string): string {
  const url = new URL(relayUrl)
  const hash = createHash('sha256').update(`${url.origin}${url.pathname}`).digest('hex').slice(0, 12)
  const host = url.host.replace(/[^a-zA-Z0-9.-]/g, '_')
  return join(dataDir, 'replicas', `${host}-${hash}`, `${username.replace(/[^a-zA-Z0-9_.-]/g, '_')}.sqlite`)
}

/**
 * The agent's session in main, with no Electron in it: sign-in, the replica, sync, outbox, search,
 * read state and drafts. Both transports (Electron IPC and the browser shell's WebSocket) call it
 * through the one handler map in ipc-handlers.
 */
export function createDesktopCore(options: DesktopCoreOptions) {
  const clock = options.clock ?? systemClock
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000
  const sessionPath = join(options.dataDir, 'session.json')
  const listeners = new Set<DesktopCoreListeners>()
  const problems: DesktopProblem[] = []
  let session: OpenSession | null = null
  let savedSession: SavedSession | null = null
  let connectionState: ConnectionState = { state: 'signed-out' }
  let lastBadge = -1
  // Presence, viewing marks and the board: live state said again on every reconnect.
  const team = createTeamPresence({
    clock,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    send: (name, request, parse) => command(name, request, parse),
    push: (channel, payload) => push(channel, payload),
    report: (message) => report(message),
  })
  const admin = createTeamAdmin({
    rest: (work) => rest(work),
    push: (channel, payload) => push(channel, payload),
    keepConversation: (conversation) => keepConversation(conversation),
  })

  function push<P extends PushChannel>(channel: P, payload: PushChannels[P]): void {
    for (const listener of listeners) listener.push?.(channel, payload)
  }

  function report(message: string): void {
    const problem = { at: clock.now(), message }
    problems.push(problem)
    if (problems.length > 100) problems.shift()
    for (const listener of listeners) listener.problem?.(problem)
  }

  function setConnection(state: ConnectionState): void {
    connectionState = state
    push('connection:changed', state)
  }

  function sessionState(): SessionState {
    const current = session ?? savedSession
    return { relayUrl: current?.relayUrl ?? options.defaultRelayUrl ?? null, user: current?.user ?? null }
  }

  function updateBadge(): void {
    const store = session?.replica?.store
    const count = store === undefined || session === null ? 0 : store.needingReplyCount(session.user.username)
    if (count === lastBadge) return
    lastBadge = count
    for (const listener of listeners) listener.badge?.(count)
  }

  function announce(result: ApplyResult, isLive: boolean): void {
    const store = session?.replica?.store
    if (store === undefined || session === null) return
    if (result.conversationIds.size > 0)
      push('inbox:changed', store.inboxItems(result.conversationIds, result.conversations))
    if (result.messages.length > 0) push('messages:changed', result.messages)
    if (result.hasTagChanges) push('tags:changed', store.tags())
    if (result.hasCannedResponseChanges) push('canned-responses:changed', store.cannedResponses())
    if (result.hasUserChanges) push('users:changed', store.users())
    updateBadge()
    // While catching up, the history is old news: notify only for what happens now.
    if (isLive) notify(result, store, session.user.username)
  }

  function notify(result: ApplyResult, store: ReplicaStore, me: string): void {
    for (const conversationId of result.newConversationIds) {
      const first = result.newIncoming.find((message) => message.conversationId === conversationId)
      const conversation = store.conversation(conversationId)
      for (const listener of listeners) {
        listener.notification?.({
          kind: 'new-conversation',
          conversationId,
          title: conversation === null ? conversationId : nameOf(conversation),
          body: first === undefined ? '' : previewOf(first.body),
        })
      }
    }
    for (const message of result.newIncoming) {
      if (result.newConversationIds.has(message.conversationId)) continue
      const conversation = store.conversation(message.conversationId)
      if (conversation?.assignee !== me) continue
      for (const listener of listeners) {
        listener.notification?.({
          kind: 'message',
          conversationId: message.conversationId,
          title: nameOf(conversation),
          body: previewOf(message.body),
        })
      }
    }
  }

  async function readSavedSession(): Promise<SavedSession | null> {
    try {
      const parsed = JSON.parse(await readFile(sessionPath, 'utf8')) as { relayUrl?: unknown; user?: unknown }
      const user = userSchema.safeParse(parsed.user)
      if (typeof parsed.relayUrl !== 'string' || !user.success) return null
      return { relayUrl: parsed.relayUrl, user: user.data }
    } catch {
      return null
    }
  }

  function open(relayUrl: string, user: User, token: string): void {
    const path = replicaPathOf(options.dataDir, relayUrl, user.username)
    let database: Database.Database
    try {
      database = openReplica(
        path,
        options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
      )
    } catch (error) {
      session = { relayUrl, user, token, replica: null, connection: null }
      if (!(error instanceof ReplicaOpenError)) throw error
      report(error.message)
      setConnection({ state: 'replica-failed', reason: error.message, path: error.path })
      return
    }
    const store = createReplicaStore(database)
    store.setMeta('username', user.username)
    store.setMeta('relayUrl', relayUrl)
    const search = createSearchIndex(database)
    const rebuild = createReplicaRebuild(database)
    let connection: SyncConnection | null = null
    const outbox = createOutbox({
      database,
      store,
      clock,
      send: (command, request) => {
        if (connection === null) return Promise.reject(new NotConnectedError())
        return connection.command(command, request as never, ackTimeoutMs)
      },
      onMessagesChanged: (messages) => {
        push('messages:changed', messages)
        push('inbox:changed', store.inboxItems(new Set(messages.map((message) => message.conversationId))))
      },
      username: user.username,
      onConversation: (conversation) => keepConversation(conversation),
      onCommandsChanged: (commands) => push('commands:changed', commands),
    })
    connection = createSyncConnection({
      relayUrl,
      token,
      username: user.username,
      store,
      snapshot: createReplicaSnapshot(database, store, rebuild),
      clock,
      backoff: options.backoff ?? defaultBackoff,
      onStateChanged: setConnection,
      onApplied: announce,
      onMalformed: (problem) => report(`The relay sent an event that was refused: ${problem}`),
      onReset: (head) => {
        rebuild.reset()
        report(
          `The relay's log is behind this computer (it ends at ${head}): its shared state is read again from the start.`,
        )
        updateBadge()
      },
      // The snapshot put read state back itself: the renderer hears the new state whole, once.
      onSnapshotApplied: () => announceEverything(store),
      onLive: () => {
        if (rebuild.isPending()) finishRebuild(store, rebuild, user.username)
        outbox.flush().catch((error: unknown) => report(`Sending queued replies failed: ${String(error)}`))
        team
          .resume()
          .catch((error: unknown) => report(`Telling the team our presence failed: ${String(error)}`))
        admin
          .refreshUsers()
          .catch((error: unknown) => report(`Reading the user list failed: ${String(error)}`))
      },
      onLiveState: (name, payload) => team.apply(name, payload),
      onRevoked: () => {
        options.secretStore
          .delete(TOKEN_KEY)
          .catch((error: unknown) => report(`Forgetting the token failed: ${String(error)}`))
      },
    })
    session = {
      relayUrl,
      user,
      token,
      replica: { database, store, search, outbox, rebuild, path },
      connection,
    }
    updateBadge()
    connection.start()
  }

  /** The replay after a reset reached the head: read state goes back, and the renderer hears everything anew. */
  function finishRebuild(store: ReplicaStore, rebuild: ReplicaRebuild, me: string): void {
    rebuild.finish(me)
    announceEverything(store)
  }

  /** The shared state changed wholesale: the renderer hears all of it in one push per kind. */
  function announceEverything(store: ReplicaStore): void {
    push('inbox:changed', store.inboxPage(1_000_000))
    push('tags:changed', store.tags())
    push('canned-responses:changed', store.cannedResponses())
    push('users:changed', store.users())
    updateBadge()
  }

  function closeSession(): { path: string } | null {
    if (session === null) return null
    team.stop()
    admin.forget()
    session.connection?.stop()
    session.replica?.database.close()
    const path = session.replica?.path ?? null
    session = null
    return path === null ? null : { path }
  }

  async function command<T>(
    name: Exclude<RelayCommand, OutboxCommand>,
    request: Parameters<ClientToServerEvents[typeof name]>[0],
    parse: (value: unknown) => T,
  ): Promise<CommandOutcome<T>> {
    const connection = session?.connection
    if (connection === null || connection === undefined || connection.state().state !== 'live') {
      return {
        ok: false,
        code: 'offline',
        message: 'Not connected to the relay; try again when the connection is back.',
      }
    }
    try {
      const result = await connection.command(name, request as never, ackTimeoutMs)
      if (result.ok) return { ok: true, value: parse(result.value) }
      const code = codeOf(result.error?.code)
      const current = conversationSchema.safeParse(
        (result.error?.details as { current?: unknown } | undefined)?.current ?? result.error?.details,
      )
      if (current.success) keepConversation(current.data as Conversation)
      return {
        ok: false,
        code,
        message: result.error?.message ?? 'The relay refused it.',
        ...(current.success ? { current: current.data as Conversation } : {}),
      }
    } catch (error) {
      return {
        ok: false,
        code: 'offline',
        message: `The relay did not answer (${error instanceof Error ? error.message : String(error)}).`,
      }
    }
  }

  function keepConversation(conversation: Conversation): void {
    const store = session?.replica?.store
    if (store === undefined) return
    store.putConversation(conversation)
    push('inbox:changed', store.inboxItems([conversation.id]))
    updateBadge()
  }

  async function rest<T>(
    work: (client: ReturnType<typeof createRelayClient>, token: string) => Promise<T>,
  ): Promise<CommandOutcome<T>> {
    if (session === null) return { ok: false, code: 'unauthorized', message: 'Sign in first.' }
    try {
      return { ok: true, value: await work(createRelayClient(session.relayUrl), session.token) }
    } catch (error) {
      if (error instanceof RelayRequestError) return { ok: false, code: error.code, message: error.message }
      throw error
    }
  }

  async function enqueue(
    commandName: OutboxCommand,
    conversationId: string,
    clientMessageId: string,
    request: Record<string, unknown>,
    direction: Message['direction'],
    body: MessageBody,
  ): Promise<CommandOutcome<Message>> {
    const replica = session?.replica
    if (session === null || replica === null || replica === undefined) {
      return { ok: false, code: 'offline', message: 'There is no local data to keep this in; sign in again.' }
    }
    const pending: Message = {
      id: localMessageIdOf(clientMessageId),
      conversationId,
      direction,
      body,
      status: 'pending',
      createdAt: clock.now(),
      clientMessageId,
      senderUsername: session.user.username,
      isAutomatic: false,
      wechatMsgId: null,
      failure: null,
    }
    const stored = replica.outbox.enqueue(commandName, conversationId, clientMessageId, request, pending)
    if (session.connection?.state().state !== 'live') return { ok: true, value: stored }
    void replica.outbox.flush()
    const entry = await replica.outbox.settled(clientMessageId, ackTimeoutMs)
    return outcomeOf(entry, replica.store.messageByClientId(clientMessageId))
  }

  /**
   * A conversation command goes through the outbox, behind any reply queued before it, carrying the
   * state the agent saw. Offline (or unanswered in time) it answers `isQueued` with the unchanged
   * conversation; the relay's verdict arrives later as `commands:changed`.
   */
  async function conversationCommand(
    name: ConversationCommand,
    conversationId: string,
    request: Record<string, unknown>,
  ): Promise<CommandOutcome<Conversation>> {
    const replica = session?.replica
    if (session === null || replica === null || replica === undefined) {
      return { ok: false, code: 'offline', message: 'There is no local data to keep this in; sign in again.' }
    }
    const before = replica.store.conversation(conversationId)
    if (before === null)
      return { ok: false, code: 'not_found', message: `No conversation ${conversationId}.` }
    const clientId = randomUUID()
    replica.outbox.enqueueCommand(name, conversationId, clientId, request)
    if (session.connection?.state().state !== 'live') return { ok: true, value: before, isQueued: true }
    void replica.outbox.flush()
    const entry = await replica.outbox.settled(clientId, ackTimeoutMs)
    const now = replica.store.conversation(conversationId) ?? before
    if (entry === null || entry.state === 'queued') return { ok: true, value: now, isQueued: true }
    if (entry.state === 'sent') return { ok: true, value: now }
    return {
      ok: false,
      code: codeOf(entry.failure?.code),
      message: entry.failure?.message ?? 'The relay refused it.',
      ...(entry.state === 'conflict' ? { current: now } : {}),
    }
  }

  /** What the agent saw of `field` when the version they acted on is the replica's. */
  function seenOf(conversationId: string, version: number, field: 'assignee' | 'status') {
    const conversation = store()?.conversation(conversationId) ?? null
    if (conversation === null || conversation.version !== version) return null
    return { [field]: conversation[field] }
  }

  function store(): ReplicaStore | null {
    return session?.replica?.store ?? null
  }

  return {
    /** Subscribes to pushes, notifications, the badge and problems; returns the unsubscribe function. */
    listen(listener: DesktopCoreListeners): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Resumes the saved session, if any: opens the replica and connects. */
    async start(): Promise<void> {
      savedSession = await readSavedSession()
      if (savedSession === null) return
      const token = await options.secretStore.get(TOKEN_KEY)
      if (token === null) {
        setConnection({ state: 'revoked', reason: 'Signed out on this computer. Sign in again.' })
        return
      }
      open(savedSession.relayUrl, savedSession.user, token)
    },
    session: sessionState,
    connection: (): ConnectionState => connectionState,
    /** Problems reported so far (most recent last). */
    problems: (): readonly DesktopProblem[] => [...problems],
    /** Signs in; a wrong password or an unreachable relay comes back as a refusal, nothing changed. */
    async signIn(request: {
      relayUrl: string
      username: string
      password: string
    }): Promise<CommandOutcome<SessionState>> {
      const client = createRelayClient(request.relayUrl)
      let answer: { token: string; user: User }
      try {
        answer = await client.signIn(request.username, request.password)
      } catch (error) {
        if (error instanceof RelayRequestError) return { ok: false, code: error.code, message: error.message }
        throw error
      }
      closeSession()
      await options.secretStore.set(TOKEN_KEY, answer.token)
      savedSession = { relayUrl: client.url, user: answer.user }
      await mkdir(options.dataDir, { recursive: true })
      await writeFile(sessionPath, JSON.stringify(savedSession), { mode: 0o600 })
      open(client.url, answer.user, answer.token)
      push('session:changed', sessionState())
      return { ok: true, value: sessionState() }
    },
    /** Signs out: the relay ends the token (best effort: offline, the local sign-out goes ahead), the token goes; the replica too when asked. */
    async signOut(request: { wipeReplica: boolean }): Promise<SessionState> {
      const relayUrl = session?.relayUrl ?? savedSession?.relayUrl
      const username = session?.user.username ?? savedSession?.user.username
      const token = session?.token ?? (await options.secretStore.get(TOKEN_KEY))
      // The socket closes first, so this desktop is not told of its own sign-out as a revocation.
      closeSession()
      if (relayUrl !== undefined && token !== null) {
        try {
          await createRelayClient(relayUrl).signOut(token)
        } catch (error) {
          // Already ended (expired, revoked) is what signing out wants; anything else is only reported.
          if (!(error instanceof RelayRequestError)) throw error
          if (error.code !== 'unauthorized')
            report(
              `The relay could not be told of the sign-out (${error.message}); the token stays valid there until it expires.`,
            )
        }
      }
      await options.secretStore.delete(TOKEN_KEY)
      await rm(sessionPath, { force: true })
      if (request.wipeReplica && relayUrl !== undefined && username !== undefined) {
        const path = replicaPathOf(options.dataDir, relayUrl, username)
        for (const suffix of ['', '-wal', '-shm']) await rm(`${path}${suffix}`, { force: true })
      }
      savedSession = null
      lastBadge = -1
      updateBadge()
      setConnection({ state: 'signed-out' })
      push('session:changed', sessionState())
      return sessionState()
    },
    /** Tries the relay now. */
    reconnect(): ConnectionState {
      session?.connection?.reconnectNow()
      return connectionState
    },
    inbox: () => store()?.inboxPage(1_000_000) ?? [],
    messages: (request: { conversationId: string; before?: string | undefined; limit: number }) =>
      store()?.messages(request.conversationId, request.before, request.limit) ?? [],
    send(request: {
      conversationId: string
      clientMessageId: string
      body: Extract<MessageBody, { type: 'text' | 'image' | 'news' | 'miniprogrampage' }>
    }) {
      return enqueue(
        'message:send',
        request.conversationId,
        request.clientMessageId,
        { clientMessageId: request.clientMessageId, body: request.body },
        'outgoing',
        request.body,
      )
    },
    async retry(request: { clientMessageId: string }): Promise<CommandOutcome<Message>> {
      const replica = session?.replica
      if (replica === null || replica === undefined)
        return { ok: false, code: 'offline', message: 'Not signed in.' }
      const pending = replica.outbox.requeue(request.clientMessageId)
      if (pending === null)
        return { ok: false, code: 'not_found', message: 'Nothing to retry for this message.' }
      if (session?.connection?.state().state !== 'live') return { ok: true, value: pending }
      void replica.outbox.flush()
      const entry = await replica.outbox.settled(request.clientMessageId, ackTimeoutMs)
      return outcomeOf(entry, replica.store.messageByClientId(request.clientMessageId))
    },
    sendTemplate(request: {
      conversationId: string
      clientMessageId: string
      templateId: string
      url?: string | undefined
      data: Record<string, { value: string }>
    }) {
      const { conversationId, ...rest } = request
      const body: MessageBody = {
        type: 'template',
        templateId: request.templateId,
        data: request.data,
        ...(request.url === undefined ? {} : { url: request.url }),
      }
      return enqueue('template:send', conversationId, request.clientMessageId, rest, 'outgoing', body)
    },
    addNote(request: { conversationId: string; clientMessageId: string; text: string }) {
      return enqueue(
        'note:add',
        request.conversationId,
        request.clientMessageId,
        { clientMessageId: request.clientMessageId, text: request.text },
        'internal',
        { type: 'note', text: request.text },
      )
    },
    uploadMedia(request: { conversationId: string; fileName: string; mimeType: string; dataBase64: string }) {
      const { conversationId, ...file } = request
      return rest((client, token) => client.uploadMedia(token, conversationId, file))
    },
    assign: ({
      conversationId,
      ...request
    }: {
      conversationId: string
      assignee: string | null
      version: number
    }) =>
      conversationCommand('conversation:assign', conversationId, {
        ...request,
        seen: seenOf(conversationId, request.version, 'assignee'),
      }),
    setStatus: ({
      conversationId,
      ...request
    }: {
      conversationId: string
      status: 'open' | 'pending' | 'resolved'
      version: number
    }) =>
      conversationCommand('conversation:set-status', conversationId, {
        ...request,
        seen: seenOf(conversationId, request.version, 'status'),
      }),
    /** Sent as differences against the tags the agent saw, so tags a colleague added meanwhile stay. */
    setTags(request: { conversationId: string; tagIds: string[] }) {
      const seen = store()?.conversation(request.conversationId)?.tagIds ?? []
      return conversationCommand('conversation:set-tags', request.conversationId, {
        added: request.tagIds.filter((id) => !seen.includes(id)),
        removed: seen.filter((id) => !request.tagIds.includes(id)),
      })
    },
    updateFollower: ({
      conversationId,
      ...request
    }: {
      conversationId: string
      remark?: string | null | undefined
      notes?: string | undefined
    }) => conversationCommand('conversation:update-follower', conversationId, request),
    /** Conversation commands waiting for the relay, in order. */
    pendingCommands: () => session?.replica?.outbox.pendingCommands() ?? [],
    markRead(request: { conversationId: string }): null {
      const replica = store()
      if (replica === null) return null
      replica.markRead(request.conversationId)
      push('inbox:changed', replica.inboxItems([request.conversationId]))
      return null
    },
    markUnread(request: { conversationId: string }): null {
      const replica = store()
      if (replica === null) return null
      replica.markUnread(request.conversationId)
      push('inbox:changed', replica.inboxItems([request.conversationId]))
      return null
    },
    async typing(request: { conversationId: string; isTyping: boolean }): Promise<null> {
      // Best effort: a lost typing indicator is harmless, so it is never queued.
      await command('typing:send', request, () => null)
      return null
    },
    search: (request: {
      text: string
      conversationId?: string | undefined
      tagId?: string | undefined
      fromTime?: number | undefined
      toTime?: number | undefined
      limit: number
    }) => session?.replica?.search.search(request) ?? [],
    draft: (request: { conversationId: string }) => store()?.draft(request.conversationId) ?? '',
    setDraft(request: { conversationId: string; text: string }): null {
      const replica = store()
      if (replica === null) return null
      const hadDraft = replica.draft(request.conversationId) !== ''
      replica.setDraft(request.conversationId, request.text, clock.now())
      if (hadDraft !== (request.text.trim() !== ''))
        push('inbox:changed', replica.inboxItems([request.conversationId]))
      return null
    },
    tags: () => store()?.tags() ?? [],
    createTag: (request: { name: string; color: string }) =>
      rest((client, token) => client.createTag(token, request)),
    cannedResponses: () => store()?.cannedResponses() ?? [],
    createCannedResponse: (request: { shortCode: string; body: string; isTeam: boolean }) =>
      rest((client, token) => client.createCannedResponse(token, request)),
    deleteCannedResponse: (request: { id: string }) =>
      rest((client, token) => client.deleteCannedResponse(token, request.id)),
    users: (): readonly User[] => admin.mergedUsers(store()?.users() ?? []),
    createUser: admin.createUser,
    updateUser: admin.updateUser,
    openConversationsOf: admin.openConversationsOf,
    handover: admin.handover,
    bulkAssign: admin.bulkAssign,
    teams: admin.teams,
    createTeam: admin.createTeam,
    updateTeam: admin.updateTeam,
    /** Everyone's presence as last heard. */
    presences: () => team.presences(),
    setPresence: (request: { status: 'online' | 'away' }) => team.setStatus(request.status),
    view: (request: { conversationId: string; isViewing: boolean }) =>
      team.view(request.conversationId, request.isViewing),
    viewers: () => team.viewers(),
    /** Supervisors: the board now, then `board:changed` pushes. */
    board: () => team.watchBoard(),
    /** Conversations assigned to me whose latest line is the follower's. */
    needingReplyCount: () =>
      session === null ? 0 : (store()?.needingReplyCount(session.user.username) ?? 0),
    /** The replica of the open session (tests and the benchmark read it directly). */
    replica: () => store(),
    /** The outbox of the open session. */
    outbox: () => session?.replica?.outbox ?? null,
    /** Closes the connection and the replica. */
    close(): void {
      closeSession()
      listeners.clear()
    },
  }
}

/** The agent's session in main. */
export type DesktopCore = ReturnType<typeof createDesktopCore>

function codeOf(code: unknown): RelayErrorCode {
  return RELAY_ERROR_CODES.find((known) => known === code) ?? 'internal'
}

function nameOf(conversation: Conversation): string {
  if (conversation.remark !== null && conversation.remark.trim() !== '') return conversation.remark
  return `${conversation.id.slice(0, 4)}…${conversation.id.slice(-4)}`
}

function previewOf(body: MessageBody): string {
  if ('text' in body && typeof body.text === 'string') return body.text.slice(0, 120)
  return `[${body.type}]`
}
