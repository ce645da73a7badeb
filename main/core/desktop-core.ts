import { createMediaCache, type MediaCache } from './media/media-cache.js'
import { mediaResponseOf, type MediaSource } from './media/media-response.js'
import type Database from 'better-sqlite3'
import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type {
  CommandOutcome,
  ConnectionState,
  NotificationPreferences,
  SessionState,
  UiLanguage,
} from '../../common/ipc/channels.js'
import { RELAY_URL_REFUSAL_MESSAGES, relayUrlRefusalOf } from '../../common/relay/relay-url-refusal.js'
import { createConversationApi } from './api/conversation-api.js'
import { createConsoleCallApi } from './api/console-call-api.js'
import { createTeamApi } from './api/team-api.js'
import { createAnnouncer } from './notifications/announcer.js'
import {
  createCoreListeners,
  type DesktopCoreListeners,
  type DesktopProblem,
} from './notifications/core-listeners.js'
import { desktopStrings, type DesktopStrings } from './notifications/desktop-strings.js'
import { createNotificationPreferences } from './notifications/notification-preferences.js'
import { createRelayClient, RelayRequestError } from './relay-client.js'
import { openReplica, ReplicaOpenError } from './replica/open-replica.js'
import type { ReplicaStore } from './replica/replica-store.js'
import { wireSession, type OpenSession } from './session/open-session.js'
import { createRelayCommands } from './session/relay-commands.js'
import {
  createSavedSessionFile,
  mediaCacheDirOf,
  replicaPathOf,
  TOKEN_KEY,
  wipeReplica,
  type SavedSession,
} from './session/saved-session.js'
import type { SecretStore } from './session/secret-store.js'
import { createTeamAdmin } from './team/team-admin.js'
import { createTeamPresence } from './team/team-presence.js'
import { defaultBackoff, systemClock, type Backoff, type Clock } from './sync/clock.js'
import { relayAccounts, relayReplyWindow } from './sync/relay-facts.js'

export type {
  DesktopCoreListeners,
  DesktopNotification,
  DesktopProblem,
} from './notifications/core-listeners.js'
export { replicaPathOf } from './session/saved-session.js'

/** How the core is set up; everything outside plain Node is injected. */
export interface DesktopCoreOptions {
  readonly dataDir: string
  readonly secretStore: SecretStore
  readonly clock?: Clock
  readonly backoff?: Backoff
  /** better-sqlite3's addon built for the running runtime (Electron passes its own). */
  readonly nativeBinding?: string
  /** The bundled search index build worker (Electron); from source, the core finds its own. */
  readonly searchIndexWorker?: URL
  /** How long a relay command may stay unanswered. */
  readonly ackTimeoutMs?: number
  /** How often the desktop repeats its presence to the relay. */
  readonly heartbeatMs?: number
  /** The relay the sign-in screen offers while signed out (the demo passes its own). */
  readonly defaultRelayUrl?: string
}

/**
 * The agent's session in main, with no Electron in it: sign-in, the replica, sync, outbox, search,
 * read state and drafts. Both transports (Electron IPC and the browser shell's WebSocket) call it
 * through the one handler map in ipc-handlers.
 */
export function createDesktopCore(options: DesktopCoreOptions) {
  const clock = options.clock ?? systemClock
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000
  const savedSessionFile = createSavedSessionFile(options.dataDir)
  const listeners = createCoreListeners(clock)
  const { push, report } = listeners
  const preferences = createNotificationPreferences(options.dataDir)
  let session: OpenSession | null = null
  let savedSession: SavedSession | null = null
  let connectionState: ConnectionState = { state: 'signed-out' }
  const announcer = createAnnouncer(
    listeners,
    () => {
      const store = session?.replica?.store
      return store === undefined || session === null ? null : { store, me: session.user.username }
    },
    preferences.current,
    () => desktopStrings(preferences.language()),
  )
  const commands = createRelayCommands({ session: () => session, clock, ackTimeoutMs, keepConversation })
  // Presence, viewing marks and the board: live state said again on every reconnect.
  const team = createTeamPresence({
    clock,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    send: commands.command,
    push,
    report,
  })
  const admin = createTeamAdmin({ rest: commands.rest, push, keepConversation })

  function setConnection(state: ConnectionState): void {
    connectionState = state
    push('connection:changed', state)
  }

  function sessionState(): SessionState {
    const current = session ?? savedSession
    const replica = session?.replica ?? null
    return {
      relayUrl: current?.relayUrl ?? options.defaultRelayUrl ?? null,
      user: current?.user ?? null,
      // Signed out there is no relay to speak for: the console draws WeChat's table.
      ...(replica === null
        ? {}
        : {
            replyWindow: relayReplyWindow.read(replica.store),
            accounts: relayAccounts.read(replica.store),
          }),
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
    const opened = wireSession(
      relayUrl,
      user,
      token,
      { database, path },
      {
        clock,
        backoff: options.backoff ?? defaultBackoff,
        ackTimeoutMs,
        announcer,
        push,
        report,
        setConnection,
        keepConversation,
        onLive: () => {
          team
            .resume()
            .catch((error: unknown) => report(`Telling the team our presence failed: ${String(error)}`))
          admin
            .refreshUsers()
            .catch((error: unknown) => report(`Reading the user list failed: ${String(error)}`))
        },
        onLiveState: (name, payload) => team.apply(name, payload),
        onRelayFacts: () => push('session:changed', sessionState()),
        indexBuild: {
          ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
          ...(options.searchIndexWorker === undefined ? {} : { workerUrl: options.searchIndexWorker }),
        },
        onRevoked: () => {
          options.secretStore
            .delete(TOKEN_KEY)
            .catch((error: unknown) => report(`Forgetting the token failed: ${String(error)}`))
        },
      },
    )
    session = opened
    announcer.updateBadge()
    opened.connection.start()
  }

  function closeSession(): { path: string } | null {
    if (session === null) return null
    team.stop()
    admin.forget()
    session.connection?.stop()
    session.replica?.snapshot.close()
    session.replica?.database.close()
    const path = session.replica?.path ?? null
    session = null
    return path === null ? null : { path }
  }

  function keepConversation(conversation: Conversation): void {
    const store = session?.replica?.store
    if (store === undefined) return
    store.putConversation(conversation)
    push('inbox:changed', store.inboxItems([conversation.id]))
    announcer.updateBadge()
  }

  let mediaCache: { readonly path: string; readonly cache: MediaCache } | null = null
  function mediaSource(): MediaSource | null {
    const open = session
    const replica = open?.replica
    if (open === null || replica === null || replica === undefined) return null
    if (mediaCache?.path !== replica.path)
      mediaCache = { path: replica.path, cache: createMediaCache(mediaCacheDirOf(replica.path)) }
    const client = createRelayClient(open.relayUrl)
    return {
      message: (messageId) => replica.store.message(messageId),
      cache: mediaCache.cache,
      download: (messageId, role) => client.downloadMedia(open.token, messageId, role),
    }
  }

  function store(): ReplicaStore | null {
    return session?.replica?.store ?? null
  }

  return {
    /** Subscribes to pushes, notifications, the badge and problems; returns the unsubscribe function. */
    listen: (listener: DesktopCoreListeners): (() => void) => listeners.add(listener),
    /** Resumes the saved session, if any: opens the replica and connects. */
    async start(): Promise<void> {
      // Before the session resumes, so its first live batch already notifies as this computer wants.
      await preferences.load()
      savedSession = await savedSessionFile.read()
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
    problems: (): readonly DesktopProblem[] => listeners.problems(),
    /** Whether this computer shows native notifications, and with sound. */
    notificationPreferences: (): NotificationPreferences => preferences.current(),
    /** Changes some of them, kept across restarts; answers them as they are now. */
    setNotificationPreferences: (
      change: Partial<NotificationPreferences>,
    ): Promise<NotificationPreferences> => preferences.update(change),
    /** The language the agent chose in the console, kept on this computer; English until told. */
    language: (): UiLanguage => preferences.language(),
    /** Main's own strings (tray, notifications) in the agent's language. */
    strings: (): DesktopStrings => desktopStrings(preferences.language()),
    /** The console says the agent's language: notifications from the next batch and the tray speak it. */
    async setLanguage(language: UiLanguage): Promise<null> {
      const before = preferences.language()
      await preferences.setLanguage(language)
      if (language !== before) listeners.language(language)
      return null
    },
    /** Signs in; a wrong password or an unreachable relay comes back as a refusal, nothing changed. */
    async signIn(request: {
      relayUrl: string
      username: string
      password: string
    }): Promise<CommandOutcome<SessionState>> {
      // Checked here, not only on screen: main is where the password leaves for the network.
      const refusal = relayUrlRefusalOf(request.relayUrl)
      if (refusal !== null)
        return { ok: false, code: 'invalid', message: RELAY_URL_REFUSAL_MESSAGES[refusal] }
      const client = createRelayClient(request.relayUrl)
      let answer: { token: string; user: User }
      try {
        answer = await client.signIn(request.username, request.password)
      } catch (error) {
        if (error instanceof RelayRequestError) return { ok: false, code: error.code, message: error.message }
        throw error
      }
      closeSession()
      const isTokenKept = await options.secretStore.set(TOKEN_KEY, answer.token)
      if (!isTokenKept)
        report(
          'This computer offers Kefu no keychain to encrypt the session with, so it is not kept: you will sign in again after a restart.',
        )
      savedSession = { relayUrl: client.url, user: answer.user }
      await savedSessionFile.write(savedSession)
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
      await savedSessionFile.remove()
      if (request.wipeReplica && relayUrl !== undefined && username !== undefined)
        await wipeReplica(options.dataDir, relayUrl, username)
      savedSession = null
      listeners.forgetBadge()
      announcer.updateBadge()
      setConnection({ state: 'signed-out' })
      push('session:changed', sessionState())
      return sessionState()
    },
    /**
     * A message's media for the renderer (`/kefu-media/<id>/<role>`), from this desktop's cache or the
     * relay; the same function behind Electron's protocol and the browser shell's route.
     */
    mediaResponse: (path: string, rangeHeader: string | null): Promise<Response> =>
      mediaResponseOf(mediaSource(), path, rangeHeader),
    /** Tries the relay now. */
    reconnect(): ConnectionState {
      session?.connection?.reconnectNow()
      return connectionState
    },
    ...createConversationApi({ session: () => session, commands, push, clock, ackTimeoutMs }),
    ...createTeamApi({ store, rest: commands.rest, admin, team }),
    ...createConsoleCallApi({ rest: commands.rest }),
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
