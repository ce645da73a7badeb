import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createAuthService, type AuthDependencies, type AuthService } from './auth/auth-service.js'
import type { RelayConfig } from './config.js'
import { createConversationService, type ConversationService } from './conversations/conversation-service.js'
import { registerApiRoutes } from './http/api-routes.js'
import { registerCommandRoutes } from './http/command-routes.js'
import { createCommandHandlers } from './commands/command-handlers.js'
import { registerSharedStateRoutes } from './http/shared-state-routes.js'
import { installErrorHandling } from './http/error-handling.js'
import { readinessOf, registerOpsRoutes } from './http/ops-routes.js'
import { registerOutboundRoutes } from './http/outbound-routes.js'
import { createRouteRegistry } from './http/route-registry.js'
import { createFrontServer } from './http/front-server.js'
import { createWebhookListener, type WebhookListener } from './http/webhook-listener.js'
import { createDurablePublisher, type DurablePublisher } from './hub/durable-publisher.js'
import { createSocketHub, type SocketHub } from './hub/socket-hub.js'
import { createIngestPipeline, type IngestPipeline } from './ingest/ingest-pipeline.js'
import { createLogger, type RelayLogger } from './logger.js'
import { createRelayMetrics, type RelayMetrics } from './metrics.js'
import type { WeChatSender } from './outbound/wechat-sender.js'
import { createWeChatOutbound } from './outbound/create-wechat-outbound.js'
import { createAutoReplyRepository } from './auto-replies/auto-reply-repository.js'
import { createAutoReplyRunner, withAutoReplies } from './auto-replies/auto-reply-runner.js'
import { registerAutoReplyRoutes } from './http/auto-replies-routes.js'
import { registerDataRoutes } from './http/data-routes.js'
import { withErasureOnUnsubscribe } from './erasure/erase-on-unsubscribe.js'
import { createFollowerErasure, type FollowerErasure } from './erasure/follower-erasure.js'
import { createMessageRetention, type MessageRetention } from './retention/message-retention.js'
import { openRelayStore, type RelayStore } from './store/relay-store.js'
import { createSharedState, type SharedState, type SharedStateOptions } from './shared-state/shared-state.js'

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
  /** Presence timeout and board pacing (tests shorten them). */
  readonly sharedState?: SharedStateOptions
  /** Rows per transaction of retention and erasure scans (tests use small ones to cross batches). */
  readonly dataBatchSize?: number
  /** How often a store whose disk refuses writes tries a probe write (tests shorten it). */
  readonly storeProbeIntervalMs?: number
  /**
   * Called once when an fsync failed: the store then refuses every write, and only a restart can vouch
   * for the file again. `npm run relay` exits non-zero here, for its supervisor to restart it.
   */
  readonly onStoreFailed?: (error: Error) => void
}

/** A running relay. */
export interface Relay {
  /** `http://host:port`, with the port actually bound (tests pass port 0). */
  readonly url: string
  readonly port: number
  readonly store: RelayStore
  /**
   * The one way events reach desktops, once on disk: whatever writes the log straight through `store`
   * (a tool, a test seeding history) hands what it appended here, as every writer of the relay does.
   */
  readonly publisher: DurablePublisher
  readonly auth: AuthService
  readonly conversations: ConversationService
  readonly ingest: IngestPipeline
  readonly hub: SocketHub
  /** Tags, canned responses, tickets, assignment, teams, users, presence and the board. */
  readonly sharedState: SharedState
  readonly metrics: RelayMetrics
  readonly erasure: FollowerErasure
  /** Null unless `RELAY_RETENTION_DAYS` is set. */
  readonly retention: MessageRetention | null
  /** Stops taking requests, finishes in-flight webhooks and deliveries, disconnects desktops, closes the db. */
  close(): Promise<void>
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Starts a relay: store, webhook, REST API, socket hub and ops endpoints on one port. */
export async function createRelay(config: RelayConfig, dependencies: RelayDependencies = {}): Promise<Relay> {
  const logger = dependencies.logger ?? createLogger()
  const now = dependencies.now ?? Date.now
  const metrics = createRelayMetrics()
  const store = openRelayStore(config.dataDir, {
    logger,
    failures: metrics.storeFailures,
    writable: metrics.storeWritable,
    probeIntervalMs: dependencies.storeProbeIntervalMs,
    onFailed: dependencies.onStoreFailed,
  })
  try {
    const auth = createAuthService(store, {
      now,
      publish: (events) => publish(events),
      ...(dependencies.signInThrottle === undefined ? {} : { throttle: dependencies.signInThrottle }),
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
    let hub: SocketHub | null = null
    let isClosing = false
    // Every writer publishes through this one queue: events reach desktops (and the shared state's
    // observers) only once on disk, in seq order (see durable-publisher.ts).
    const publisher = createDurablePublisher({
      head: store.events.head(),
      deliver: (events) => {
        hub?.publish(events)
        sharedState.observe(events)
      },
      onDeliveryError: (error) => logger.error({ err: error }, 'broadcast failed'),
      onDiskFailure: (error) =>
        logger.error({ err: error }, 'the disk failed an fsync: nothing more is published to desktops'),
    })
    const publish = publisher.publish
    const ingest = createIngestPipeline({
      store,
      publish,
      now,
      resolvedTicket: config.resolvedTicket,
      onPublishError: (error) => logger.error({ err: error }, 'broadcast failed'),
    })
    const sender =
      dependencies.sender !== undefined
        ? dependencies.sender
        : config.wechat === null
          ? null
          : createWeChatOutbound({
              apiBase: config.wechat.apiBase,
              appId: config.wechat.appId,
              appSecret: config.wechat.appSecret,
              database: store.database,
              logger,
              now,
            }).sender
    const conversations = createConversationService({
      store,
      publish,
      sender,
      replyWindow: config.replyWindow,
      now,
      onDeliveryError: (error, message) =>
        logger.error({ err: error, messageId: message.id }, 'delivery failed'),
    })
    const sharedState = createSharedState({
      store,
      publish,
      now,
      logger,
      replyWindow: config.replyWindow,
      sender,
      ...dependencies.sharedState,
    })
    const erasure = createFollowerErasure({ store, publish, now, batchSize: dependencies.dataBatchSize })
    const admin = await auth.bootstrapAdmin(config.adminPassword)
    if (admin !== null) logger.info({ username: admin.username }, 'created the first admin')
    const handlers = createCommandHandlers({ store, conversations, shared: sharedState })
    hub = createSocketHub({
      canSee: sharedState.canSee,
      publisher,
      httpServer: app.server,
      store,
      auth,
      handlers,
      metrics,
      logger,
      replayPageSize: dependencies.replayPageSize,
      snapshotPageSize: dependencies.snapshotPageSize,
      replyWindow: config.replyWindow,
    })

    const registry = createRouteRegistry()
    const autoReplies = createAutoReplyRepository(store.database)
    installErrorHandling(app, logger)
    webhook = createWebhookListener({
      wechat: config.wechat,
      ingest: withAutoReplies(
        config.isErasingOnUnsubscribe ? withErasureOnUnsubscribe(ingest, erasure, logger) : ingest,
        createAutoReplyRunner({ repository: autoReplies, outbox: conversations, now, logger }),
      ),
      metrics,
      logger,
      registry,
      bodyLimit: config.webhookBodyLimit,
      now,
      maxAgeSeconds: config.webhookMaxAgeSeconds,
      isClosing: () => isClosing,
    })
    sharedState.attach(hub.io)
    const signedOutHub = hub
    registerApiRoutes(app, {
      store,
      publishedHead: publisher.head,
      auth,
      registry,
      version: VERSION,
      onSignedOut: (token) => signedOutHub.revokeSession(token, 'signed_out'),
    })
    registerCommandRoutes(app, { auth, handlers, registry })
    registerOutboundRoutes(app, { auth, sender, registry })
    registerSharedStateRoutes(app, { auth, shared: sharedState, registry })
    registerAutoReplyRoutes(app, { auth, repository: autoReplies, store, registry, now })
    registerDataRoutes(app, { auth, store, erasure, registry })
    registerOpsRoutes(app, {
      metrics,
      registry,
      readiness: () => readinessOf(isClosing, store.health.state),
    })

    const interrupted = conversations.resolveInterrupted()
    if (interrupted.length > 0)
      logger.warn(
        { count: interrupted.length },
        'failed messages left pending by a stop as delivery_uncertain',
      )
    await app.listen({ port: config.port, host: config.host })
    const retention =
      config.retentionDays === null
        ? null
        : createMessageRetention({
            store,
            publish,
            now,
            logger,
            days: config.retentionDays,
            batchSize: dependencies.dataBatchSize,
          })
    const address = app.server.address() as AddressInfo
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    const url = `http://${host}:${address.port}`
    if (config.wechat === null)
      logger.warn('WeChat is not configured: the webhook answers 503 not_configured')
    logger.info({ url, dataDir: config.dataDir }, 'relay listening')

    const activeHub = hub
    let closing: Promise<void> | null = null
    return {
      url,
      port: address.port,
      store,
      publisher,
      auth,
      conversations,
      ingest,
      hub: activeHub,
      sharedState,
      metrics,
      erasure,
      retention,
      close() {
        closing ??= (async () => {
          isClosing = true
          sharedState.close()
          await retention?.close()
          await activeHub.close()
          // Fastify stops accepting and waits for in-flight requests, whose pushes the pipeline commits.
          await app.close()
          await ingest.drain()
          await conversations.settle()
          store.close()
          logger.info('relay stopped')
        })()
        return closing
      },
    }
  } catch (error) {
    store.close()
    throw error
  }
}
