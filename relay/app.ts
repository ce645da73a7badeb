import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import type { RelayEvent } from '../common/relay/events.js'
import type { AddressInfo } from 'node:net'
import { createAuthService, type AuthDependencies, type AuthService } from './auth/auth-service.js'
import type { RelayConfig } from './config.js'
import { createConversationService, type ConversationService } from './conversations/conversation-service.js'
import { registerMediaRoutes } from './http/media-routes.js'
import {
  createMediaFetcher,
  type MediaFetcher,
  type MediaFetcherDependencies,
} from './media/media-fetcher.js'
import { createMediaTranscoder } from './media/media-transcoder.js'
import { createMediaUploads } from './media/media-uploads.js'
import { registerCommandRoutes } from './http/command-routes.js'
import { createCommandHandlers } from './commands/command-handlers.js'
import { installErrorHandling } from './http/error-handling.js'
import { readinessOf, registerOpsRoutes } from './http/ops-routes.js'
import { createRouteRegistry } from './http/route-registry.js'
import { openApiDocumentOf } from './http/openapi-document.js'
import { LARGEST_UPLOAD_BYTES } from '../common/relay/media-upload.js'
import { createFrontServer } from './http/front-server.js'
import { createWebhookListener, type WebhookListener } from './http/webhook-listener.js'
import { openClusterAdapter, type ClusterAdapter } from './cluster/cluster-adapter.js'
import { createSocketHub, type SocketHub } from './hub/socket-hub.js'
import { createIngestPipeline, type IngestPipeline } from './ingest/ingest-pipeline.js'
import { createLogger, type RelayLogger } from './logger.js'
import { createRelayMetrics, type RelayMetrics } from './metrics.js'
import type { WeChatSender } from './outbound/wechat-sender.js'
import { createAccountsSender } from './outbound/accounts-sender.js'
import { createUnionIdLookup, withUnionIdLookup, type UnionIdLookup } from './followers/union-id-lookup.js'
import { openAccountRegistry } from './accounts/account-registry.js'
import { createAccountService } from './accounts/account-service.js'
import { createSecretBox } from './accounts/secret-box.js'
import { createWeChatOutbound } from './outbound/create-wechat-outbound.js'
import { createAutoReplyRunner } from './auto-replies/auto-reply-runner.js'
import { withErasureOnUnsubscribe } from './erasure/erase-on-unsubscribe.js'
import { createFollowerErasure, type FollowerErasure } from './erasure/follower-erasure.js'
import { createMessageRetention, type MessageRetention } from './retention/message-retention.js'
import type { RelayStore } from './store/relay-store.js'
import { openStore } from './store/open-store.js'
import { createAssignmentService } from './assignment/assignment-service.js'
import { createAutoResolve, type AutoResolve } from './tickets/auto-resolve.js'
import { createWindowRescue, type WindowRescue } from './assignment/window-rescue.js'
import { createAutoAssignScheduler, type AutoAssignScheduler } from './assignment/auto-assign-scheduler.js'
import { createLiveBoard } from './board/live-board.js'
import { createCannedResponseService } from './canned-responses/canned-response-service.js'
import { applyUserChange } from './desktops/apply-user-change.js'
import { createEventVisibility } from './desktops/event-visibility.js'
import { createLiveDesktops } from './desktops/live-desktops.js'
import { createDesktopPresence, type PresenceOptions } from './presence/desktop-presence.js'
import type { PresenceTracker } from './presence/presence-tracker.js'
import { createTagService } from './tags/tag-service.js'
import { createTeamService } from './teams/team-service.js'
import { createUserAdminService } from './teams/user-admin-service.js'
import { createOnlineTime } from './reports/online-time.js'
import { createMenuService } from './menu/menu-service.js'
import { createQrCodeService } from './qr-codes/qr-code-service.js'
import { createReportService } from './reports/report-service.js'
import { recordReportFacts } from './reports/ticket-facts.js'
import { teamOfConversationIn } from './teams/team-of-conversation.js'
import { createRatingQuestions, type RatingQuestions } from './satisfaction/rating-question.js'
import { createTicketService } from './tickets/ticket-service.js'

/** What a relay needs beyond its configuration; everything has a working default except the sender. */
export interface RelayDependencies {
  readonly logger?: RelayLogger
  /** The way out to WeChat. Without one, sends fail with `not_configured` instead of pretending. */
  readonly sender?: WeChatSender | null
  readonly now?: () => number
  /** Events per replay page (tests use small pages to cross page boundaries). */
  readonly replayPageSize?: number
  /** Conversations and messages per snapshot page (tests use small pages to cross page boundaries). */
  readonly snapshotPageSize?: number
  /** Limits of the sign-in throttle (tests shorten them). */
  readonly signInThrottle?: AuthDependencies['throttle']
  /** Presence timeout and sweep (tests shorten them). */
  readonly presence?: PresenceOptions
  /** Board updates to watchers are coalesced over this many ms (default 250; tests shorten it). */
  readonly boardThrottleMs?: number
  /** Rows per transaction of retention and erasure scans (tests use small ones to cross batches). */
  readonly dataBatchSize?: number
  /** How often a store whose disk refuses writes tries a probe write (tests shorten it). */
  readonly storeProbeIntervalMs?: number
  /**
   * Called once when an fsync failed: the store then refuses every write, and only a restart can vouch
   * for the file again. `npm run relay` exits non-zero here, for its supervisor to restart it.
   */
  readonly onStoreFailed?: (error: Error) => void
  /** How often the window rescue (default 30 s) and auto-resolve (5 min) look; tests sweep by hand. */
  readonly windowRescueIntervalMs?: number
  /** Retry delays and polling of media fetches (tests shorten them). */
  readonly mediaFetch?: Pick<MediaFetcherDependencies, 'baseDelayMs' | 'maxDelayMs' | 'pollMs'>
}

/** A running relay. */
export interface Relay {
  /** `http://host:port`, with the port actually bound (tests pass port 0). */
  readonly url: string
  readonly port: number
  /**
   * Whatever writes straight through it (a tool, a test seeding history) uses `store.commit`, as every
   * writer of the relay does: its events reach desktops once on disk.
   */
  readonly store: RelayStore
  readonly auth: AuthService
  readonly conversations: ConversationService
  readonly ingest: IngestPipeline
  readonly hub: SocketHub
  /** Who is online, away or offline, and who views which conversation. */
  readonly presence: PresenceTracker
  readonly autoAssign: AutoAssignScheduler
  /** Acts before reply windows close unanswered on an absent holder. */
  readonly windowRescue: WindowRescue
  /** Resolves conversations after the follower's silence, for teams that set it. */
  readonly autoResolve: AutoResolve
  /** Asks followers to rate a resolved ticket, for teams that ask. */
  readonly ratingQuestions: RatingQuestions
  readonly metrics: RelayMetrics
  readonly erasure: FollowerErasure
  /** Null unless `RELAY_RETENTION_DAYS` is set. */
  readonly retention: MessageRetention | null
  /** Takes followers' media into the store; null without a way to WeChat. */
  readonly mediaFetcher: MediaFetcher | null
  /** Stops taking requests, finishes in-flight webhooks and deliveries, disconnects desktops, closes the db. */
  close(): Promise<void>
}

/** How often sends left pending by a relay that stopped are looked for. */
const INTERRUPTED_SWEEP_MS = 15_000

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Starts a relay: store, webhook, REST API, socket hub and ops endpoints on one port. */
export async function createRelay(config: RelayConfig, dependencies: RelayDependencies = {}): Promise<Relay> {
  const logger = dependencies.logger ?? createLogger()
  const now = dependencies.now ?? Date.now
  const metrics = createRelayMetrics()
  let hub: SocketHub | null = null
  let cluster: ClusterAdapter | null = null
  // What the domain does after a commit, bound once the domain exists (the store exists before it).
  let afterCommit: ((events: readonly RelayEvent[]) => void) | null = null
  const store = await openStore(config, {
    health: {
      logger,
      failures: metrics.storeFailures,
      writable: metrics.storeWritable,
      probeIntervalMs: dependencies.storeProbeIntervalMs,
      onFailed: dependencies.onStoreFailed,
    },
    // Every commit publishes through this one queue: events reach desktops (and the board and
    // auto-assignment) only once on disk, in seq order (see store/durable-publisher.ts).
    publisher: {
      deliver: (events) => {
        hub?.publish(events)
        afterCommit?.(events)
      },
      onDeliveryError: (error) => logger.error({ err: error }, 'broadcast failed'),
      onDiskFailure: (error) =>
        logger.error({ err: error }, 'the disk failed an fsync: nothing more is published to desktops'),
    },
    withinCommit: recordReportFacts,
  })
  try {
    // First: a database whose account secrets this relay cannot open stops it before it serves anything.
    const secretBox = config.secretKey === null ? null : createSecretBox(config.secretKey)
    const accounts = await openAccountRegistry({
      configured: config.accounts,
      store,
      secretBox,
      defaults: config.accountDefaults,
    })
    // Relays on one PostgreSQL share what each holds in memory through socket.io's adapter for it.
    cluster = config.databaseUrl === null ? null : await openClusterAdapter(config.databaseUrl, logger)
    // The domain reaches the desktops (and the other relays) through one handle the hub is attached to.
    const desktops = createLiveDesktops({ isClustered: cluster !== null })
    const auth = createAuthService(store, {
      now,
      throttle: {
        ...dependencies.signInThrottle,
        ...(desktops.otherRelays === null ? {} : { otherRelays: desktops.otherRelays }),
      },
    })

    const app: FastifyInstance = Fastify({
      loggerInstance: logger as FastifyBaseLogger,
      // One log line per webhook would cost more than the webhook itself; errors are logged where handled.
      logController: new LogController({ disableRequestLogging: true }),
      bodyLimit: 1_048_576,
      trustProxy: typeof config.trustProxy === 'boolean' ? config.trustProxy : [...config.trustProxy],
      // The webhook is served by a plain listener in front of fastify: it is the relay's hot path.
      serverFactory: (handler, options) =>
        createFrontServer(handler, options, (request, response) => webhook?.(request, response) === true),
    })
    let webhook: WebhookListener | null = null
    let isClosing = false
    const ingest = createIngestPipeline({ store, now, resolvedTicket: config.resolvedTicket })
    const sender =
      dependencies.sender !== undefined
        ? dependencies.sender
        : // Each account its own token (one per AppID across relays) and its own sender.
          createAccountsSender(
            accounts.get,
            (account) =>
              createWeChatOutbound({
                apiBase: account.apiBase,
                appId: account.appId,
                appSecret: account.appSecret,
                cache: store.accessTokens,
                exclusively: store.exclusively,
                logger,
                now,
              }).sender,
          )
    const conversations = createConversationService({
      store,
      sender,
      replyWindowOf: accounts.replyWindowOf,
      now,
      onDeliveryError: (error, message) =>
        logger.error({ err: error, messageId: message.id }, 'delivery failed'),
    })
    // The team's side: each domain module owns its rules and reaches the desktops through `desktops`.
    const visibility = createEventVisibility(store)
    const presence = createDesktopPresence({
      store,
      relayId: store.relayId,
      now,
      desktops,
      visibility,
      ...dependencies.presence,
      onPresenceChanged(status) {
        board.changed()
        onlineTime
          .record()
          .catch((error: unknown) => logger.warn({ err: error }, 'recording time online failed'))
        if (status === 'online') autoAssign.schedule()
        // Someone went away or offline: what they hold may be about to close on its follower.
        else windowRescue.schedule()
      },
    })
    const onlineTime = createOnlineTime({ store, presences: () => presence.list(), now, logger })
    const statusOf = (username: string) => presence.statusOf(username)
    const assignment = createAssignmentService({
      store,
      now,
      replyWindowOf: accounts.replyWindowOf,
      statusOf,
    })
    const autoAssign = createAutoAssignScheduler(assignment, logger)
    const autoResolve = createAutoResolve({
      store,
      now,
      logger,
      ...(dependencies.windowRescueIntervalMs === undefined
        ? {}
        : { intervalMs: dependencies.windowRescueIntervalMs }),
    })
    const ratingQuestions = createRatingQuestions({
      store,
      outbox: conversations,
      replyWindowOf: accounts.replyWindowOf,
      now,
      logger,
    })
    const startedAt = now()
    const windowRescue = createWindowRescue({
      store,
      now,
      replyWindowOf: accounts.replyWindowOf,
      // Never seen since this relay started: offline since then, as far as it can tell.
      presenceOf: (username) => {
        const status = presence.statusOf(username)
        const known = presence.list().find((each) => each.username === username && each.status === status)
        return { status, since: known?.since ?? startedAt }
      },
      logger,
      ...(dependencies.windowRescueIntervalMs === undefined
        ? {}
        : { intervalMs: dependencies.windowRescueIntervalMs }),
    })
    const board = createLiveBoard({
      store,
      now,
      replyWindowOf: accounts.replyWindowOf,
      statusOf,
      desktops,
      logger,
      throttleMs: dependencies.boardThrottleMs,
    })
    // Bound once the webhook's side exists, below.
    let mediaFetcher: MediaFetcher | null = null
    afterCommit = (events) => {
      if (events.length === 0) return
      if (
        events.some((event) => event.type === 'message.created' && event.message.media?.state === 'fetching')
      )
        mediaFetcher?.wake()
      board.changed()
      autoAssign.observe(events)
      ratingQuestions.observe(events)
      // An admin changed an account on any relay of the database: serve what it is now.
      if (events.some((event) => event.type === 'account.upserted'))
        accounts.reload().catch((error: unknown) => logger.error({ err: error }, 'reloading accounts failed'))
    }
    // One FFmpeg (WebAssembly, in a worker) for followers' media and agents' uploads.
    const transcoder = createMediaTranscoder()
    const mediaUploads = createMediaUploads({
      store,
      sender,
      transcoder,
      replyWindowOf: accounts.replyWindowOf,
      now,
    })
    const cannedResponses = createCannedResponseService({ store, now, uploads: mediaUploads })
    const teams = createTeamService({
      store,
      now,
      onTeamChanged: () => (autoAssign.schedule(), board.changed()),
    })
    const users = createUserAdminService({
      store,
      now,
      onUserChanged: (user, endedSessions) => (
        applyUserChange(desktops, user, endedSessions),
        board.changed()
      ),
    })
    const erasure = createFollowerErasure({ store, now, batchSize: dependencies.dataBatchSize })
    const admin = await auth.bootstrapAdmin(config.adminPassword)
    if (admin !== null) logger.info({ username: admin.username }, 'created the first admin')
    const registry = createRouteRegistry()
    const handlers = createCommandHandlers({
      store,
      conversations,
      tags: createTagService({ store, now }),
      cannedResponses,
      tickets: createTicketService({ store, now }),
      reports: createReportService({ store, now }),
      qrCodes: createQrCodeService({ store, sender, now }),
      menus: createMenuService({ store, sender, now }),
      assignment,
      teams,
      users,
      presence,
      board,
      auth,
      erasure,
      accounts: createAccountService({ store, registry: accounts, secretBox, now }),
      sender,
      mediaUploads,
      publishedHead: store.publisher.head,
      // Late bound: the hub is created with the handlers.
      onSignedOut: (token) => hub?.revokeSession(token, 'signed_out'),
      openApiDocument: () => openApiDocumentOf(registry.routes, VERSION),
      logger,
      now,
    })
    hub = createSocketHub({
      visibility,
      publisher: store.publisher,
      httpServer: app.server,
      store,
      auth,
      handlers,
      metrics,
      logger,
      replayPageSize: dependencies.replayPageSize,
      snapshotPageSize: dependencies.snapshotPageSize,
      replyWindow: config.replyWindow,
      accounts: () => accounts.summaries(),
      ...(cluster === null ? {} : { clusterAdapter: cluster.adapter }),
    })

    installErrorHandling(app, logger)
    // Without a way to WeChat there is nobody to ask for unionids.
    const unionIds = sender === null ? null : createUnionIdLookup({ store, sender, now, logger })
    mediaFetcher =
      sender === null
        ? null
        : createMediaFetcher({
            store,
            sender,
            transcoder,
            now,
            logger,
            onOutcome: (outcome) => metrics.mediaFetches.inc({ outcome }),
            ...dependencies.mediaFetch,
          })
    // Fetches left from before a restart, or scheduled by another relay.
    mediaFetcher?.wake()
    webhook = createWebhookListener({
      accounts,
      isPlaintextAccepted: config.accountDefaults.isPlaintextAccepted,
      ingest: withUnionIdLookupWhen(
        unionIds,
        config.isErasingOnUnsubscribe ? withErasureOnUnsubscribe(ingest, erasure, logger) : ingest,
      ),
      replies: createAutoReplyRunner({
        repository: store.autoReplies,
        messages: store.messages,
        outbox: conversations,
        now,
        logger,
        calendarOf: async (conversationId) =>
          (await teamOfConversationIn(store, conversationId))?.businessHours ?? null,
      }),
      metrics,
      logger,
      registry,
      bodyLimit: config.webhookBodyLimit,
      now,
      maxAgeSeconds: config.webhookMaxAgeSeconds,
      isClosing: () => isClosing,
    })
    desktops.attach(hub.io)
    registerCommandRoutes(app, {
      auth,
      handlers,
      mediaLimitBytes: LARGEST_UPLOAD_BYTES,
      cannedImageLimitBytes: cannedResponses.imageLimitBytes,
    })
    registerMediaRoutes(app, { store, auth, registry })
    registerOpsRoutes(app, {
      metrics,
      registry,
      readiness: () => readinessOf(isClosing, store.health.state),
    })

    const failInterrupted = async (): Promise<void> => {
      const interrupted = await conversations.resolveInterrupted()
      if (interrupted.length > 0)
        logger.warn(
          { count: interrupted.length },
          'failed messages left pending by a stopped relay as delivery_uncertain',
        )
    }
    await failInterrupted()
    // Another relay on the database may stop mid-send at any time: its sends are failed within a sweep.
    const interruptedSweep = setInterval(
      () => void failInterrupted().catch((error: unknown) => logger.warn({ err: error }, 'sweep failed')),
      INTERRUPTED_SWEEP_MS,
    )
    interruptedSweep.unref()
    await app.listen({ port: config.port, host: config.host })
    const retention =
      config.retentionDays === null
        ? null
        : createMessageRetention({
            store,
            now,
            logger,
            days: config.retentionDays,
            batchSize: dependencies.dataBatchSize,
          })
    const address = app.server.address() as AddressInfo
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    const url = `http://${host}:${address.port}`
    if (accounts.served().length === 0)
      logger.warn('WeChat is not configured: the webhook answers 503 not_configured')
    else
      logger.info({ accounts: accounts.served().map((account) => account.key) }, 'official accounts served')
    logger.info({ url, dataDir: config.dataDir }, 'relay listening')

    const activeHub = hub
    let closing: Promise<void> | null = null
    return {
      url,
      port: address.port,
      store,
      auth,
      conversations,
      ingest,
      hub: activeHub,
      presence,
      autoAssign,
      windowRescue,
      autoResolve,
      ratingQuestions,
      metrics,
      erasure,
      retention,
      mediaFetcher,
      close() {
        closing ??= (async () => {
          isClosing = true
          clearInterval(interruptedSweep)
          autoAssign.close()
          windowRescue.close()
          autoResolve.close()
          onlineTime.close()
          board.close()
          presence.close()
          await retention?.close()
          await activeHub.close()
          // Fastify stops accepting and waits for in-flight requests, whose pushes the pipeline commits.
          await app.close()
          await ingest.drain()
          await ratingQuestions.settle()
          await conversations.settle()
          await unionIds?.idle()
          mediaFetcher?.stop()
          await mediaFetcher?.idle()
          await transcoder.close()
          await cluster?.close()
          await store.close()
          logger.info('relay stopped')
        })()
        return closing
      },
    }
  } catch (error) {
    await cluster?.close()
    await store.close()
    throw error
  }
}

function withUnionIdLookupWhen(lookup: UnionIdLookup | null, ingest: IngestPipeline): IngestPipeline {
  return lookup === null ? ingest : withUnionIdLookup(ingest, lookup)
}
