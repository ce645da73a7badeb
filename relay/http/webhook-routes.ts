import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HTTP_STATUS_OF, type RelayErrorCode } from '../../common/relay/errors.js'
import type { WeChatConfig } from '../config.js'
import type { IngestPipeline } from '../ingest/ingest-pipeline.js'
import type { RelayLogger } from '../logger.js'
import type { RelayMetrics } from '../metrics.js'
import { RelayError } from '../relay-error.js'
import { WebhookRejection } from '../wechat/webhook-rejection.js'
import { openPush, verifyUrl, type WebhookCredentials } from '../wechat/webhook-protocol.js'
import type { RouteRegistry } from './route-registry.js'

/** Collaborators of the webhook. */
export interface WebhookDependencies {
  readonly wechat: WeChatConfig | null
  readonly ingest: IngestPipeline
  readonly metrics: RelayMetrics
  readonly logger: RelayLogger
  readonly registry: RouteRegistry
  readonly bodyLimit: number
}

const STATUS_OF_REASON: Readonly<Record<string, RelayErrorCode>> = {
  missing_signature: 'unauthorized',
  bad_signature: 'unauthorized',
  unsupported_body: 'unsupported_media_type',
  not_configured: 'not_configured',
}

/**
 * `GET|POST /wechat`: verify, decrypt and parse with relay/wechat, store through the ingest pipeline, and
 * answer `success` once the push is on disk. Anything refused is counted by reason and stored nowhere.
 */
export async function registerWebhookRoutes(
  app: FastifyInstance,
  dependencies: WebhookDependencies,
): Promise<void> {
  const { ingest, metrics, logger } = dependencies
  const credentials: WebhookCredentials | null =
    dependencies.wechat === null
      ? null
      : {
          token: dependencies.wechat.token,
          appId: dependencies.wechat.appId,
          encodingAesKeys: dependencies.wechat.encodingAesKeys,
        }

  await app.register(async (scope) => {
    // The signature covers bytes, so the webhook sees its body raw, whatever the content type says.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: dependencies.bodyLimit },
      (_request, body, done) => done(null, body),
    )
    scope.setErrorHandler((error, request, reply) => {
      if (error instanceof WebhookRejection)
        return refuse(reply, error.reason, codeOfReason(error.reason), error.message)
      const statusCode = (error as { statusCode?: number }).statusCode
      if (statusCode === 413)
        return refuse(reply, 'too_large', 'payload_too_large', 'The body is over the size cap.')
      if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
        return refuse(reply, 'malformed_request', 'invalid', (error as Error).message)
      }
      logger.error({ err: error, url: request.url }, 'webhook failed')
      // Not `success`: WeChat retries, and the retry is deduplicated if this one was stored after all.
      return reply.status(500).send(new RelayError('internal', 'The push could not be stored.').toBody())
    })

    scope.get('/wechat', async (request, reply) => {
      const query = queryOf(request)
      const body = verifyUrl(query, credentialsOrThrow())
      return reply.type('text/plain; charset=utf-8').send(body)
    })

    scope.post('/wechat', { bodyLimit: dependencies.bodyLimit }, async (request, reply) => {
      const startedAt = performance.now()
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const opened = openPush(
        queryOf(request),
        rawBody,
        request.headers['content-type'],
        credentialsOrThrow(),
      )
      metrics.pushesReceived.inc({ mode: opened.mode })
      const outcome = await ingest.submit(opened.push)
      if (outcome === 'duplicate') metrics.pushesDeduplicated.inc()
      metrics.ackLatency.observe((performance.now() - startedAt) / 1000)
      return reply.type('text/plain; charset=utf-8').send('success')
    })
  })

  dependencies.registry.add({
    method: 'GET',
    url: '/wechat',
    summary: 'WeChat URL verification: answers `echostr` (decrypted when `msg_signature` is present).',
    isPublic: true,
    success: { status: 200, description: 'echostr', mediaType: 'text/plain' },
    errors: ['unauthorized', 'not_configured'],
  })
  dependencies.registry.add({
    method: 'POST',
    url: '/wechat',
    summary: 'WeChat push (plaintext, compatible or safe mode; XML or JSON): `success` once durably stored.',
    isPublic: true,
    success: { status: 200, description: 'success', mediaType: 'text/plain' },
    errors: ['unauthorized', 'payload_too_large', 'unsupported_media_type', 'not_configured'],
  })

  function credentialsOrThrow(): WebhookCredentials {
    if (credentials === null) {
      throw new WebhookRejection('not_configured', 'Set WECHAT_TOKEN and WECHAT_APPID to receive pushes.')
    }
    return credentials
  }

  function refuse(reply: FastifyReply, reason: string, code: RelayErrorCode, message: string): FastifyReply {
    metrics.pushesRejected.inc({ reason })
    logger.warn({ reason }, 'webhook request refused')
    return reply.status(HTTP_STATUS_OF[code]).send(new RelayError(code, message).toBody())
  }
}

function codeOfReason(reason: string): RelayErrorCode {
  return STATUS_OF_REASON[reason] ?? 'invalid'
}

/**
 * The query string decoded as WeChat means it: percent-decoding only, so a `+` in a base64 `echostr`
 * stays a `+` (form decoding would turn it into a space and break the signature).
 */
export function queryOf(request: FastifyRequest): Record<string, string> {
  const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const name = decodeOrKeep(separator < 0 ? pair : pair.slice(0, separator))
    if (!(name in query)) query[name] = decodeOrKeep(separator < 0 ? '' : pair.slice(separator + 1))
  }
  return query
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
