import type { IncomingMessage, ServerResponse } from 'node:http'
import { HTTP_STATUS_OF, type RelayErrorCode } from '../../common/relay/errors.js'
import { ACCOUNT_KEY_PATTERN, DEFAULT_ACCOUNT_KEY } from '../../common/domain/account.js'
import type { AccountConfig } from '../accounts/account-config.js'
import type { AccountRegistry } from '../accounts/account-registry.js'
import type { AutoReplyRunner } from '../auto-replies/auto-reply-runner.js'
import type { IngestPipeline } from '../ingest/ingest-pipeline.js'
import type { RelayLogger } from '../logger.js'
import type { RelayMetrics } from '../metrics.js'
import { RelayError } from '../relay-error.js'
import { StoreUnavailableError } from '../store/store-health.js'
import { WebhookRejection } from '../wechat/webhook-rejection.js'
import { passiveReply } from '../wechat/passive-reply.js'
import {
  openPush,
  sealReply,
  verifyUrl,
  type OpenedPush,
  type WebhookCredentials,
  type WebhookPolicy,
} from '../wechat/webhook-protocol.js'
import type { RouteRegistry } from './route-registry.js'

/** Collaborators of the webhook. */
export interface WebhookDependencies {
  /** The accounts served, each at `/wechat/<key>` (`default` at `/wechat`), read at each request. */
  readonly accounts: Pick<AccountRegistry, 'get' | 'served'>
  /** WECHAT_ACCEPT_PLAINTEXT, warned of once. */
  readonly isPlaintextAccepted: boolean
  readonly ingest: IngestPipeline
  /** The auto-replies, answered in the webhook's response; absent: every push is answered `success`. */
  readonly replies?: Pick<AutoReplyRunner, 'replyTo'>
  readonly metrics: RelayMetrics
  readonly logger: RelayLogger
  readonly registry: RouteRegistry
  readonly bodyLimit: number
  /** The relay's clock: a push signed further than `maxAgeSeconds` from it is refused. */
  readonly now: () => number
  readonly maxAgeSeconds: number
  /** True once the relay is stopping: requests then go to fastify, which answers 503 while it drains. */
  readonly isClosing: () => boolean
}

/** Serves the request when it is the webhook's (answers true), else leaves it to the next listener. */
export type WebhookListener = (request: IncomingMessage, response: ServerResponse) => boolean

const PATH = '/wechat'
const TEXT = 'text/plain; charset=utf-8'
const JSON_TYPE = 'application/json; charset=utf-8'
const XML_TYPE = 'application/xml; charset=utf-8'
const SUCCESS = Buffer.from('success')

const STATUS_OF_REASON: Readonly<Record<string, RelayErrorCode>> = {
  missing_signature: 'unauthorized',
  bad_signature: 'unauthorized',
  plaintext_refused: 'unauthorized',
  stale_timestamp: 'unauthorized',
  bad_timestamp: 'unauthorized',
  unsupported_body: 'unsupported_media_type',
  not_configured: 'not_configured',
  unknown_account: 'not_found',
}

/**
 * `GET|HEAD|POST /wechat` on node:http directly, ahead of fastify: verify, decrypt and parse with
 * relay/wechat, store through the ingest pipeline, and answer `success` once the push is on disk.
 * Anything refused is answered 4xx `{error: {code, message}}`, counted by reason and stored nowhere.
 * WeChat's push is the relay's hot path; routing, hooks, reply and a child logger per request cost
 * more than the push's own signature check and decryption, and none of them is needed here.
 */
export function createWebhookListener(dependencies: WebhookDependencies): WebhookListener {
  const { ingest, metrics, logger, bodyLimit } = dependencies
  const { accounts } = dependencies
  // Credentials per account object: the registry hands out new ones when an admin changes an account.
  const credentialsOf = new WeakMap<AccountConfig, WebhookCredentials>()
  describeRoutes(dependencies.registry)
  if (dependencies.isPlaintextAccepted) {
    logger.warn(
      'WECHAT_ACCEPT_PLAINTEXT is set: unencrypted pushes are taken, and anyone who has seen one webhook URL can forge them',
    )
  }

  /** The account a path names: its secrets alone verify what is pushed there. */
  function accountAt(accountKey: string): {
    readonly credentials: WebhookCredentials
    readonly isPlaintextAccepted: boolean
  } {
    const account = accounts.get(accountKey)
    if (account !== undefined) {
      let credentials = credentialsOf.get(account)
      if (credentials === undefined) {
        credentials = {
          accountKey: account.key,
          token: account.token,
          appId: account.appId,
          encodingAesKeys: account.encodingAesKeys,
        }
        credentialsOf.set(account, credentials)
      }
      return { credentials, isPlaintextAccepted: account.isPlaintextAccepted }
    }
    if (accounts.served().length === 0 && accountKey === DEFAULT_ACCOUNT_KEY) {
      throw new WebhookRejection(
        'not_configured',
        'Set WECHAT_TOKEN and WECHAT_APPID (or RELAY_ACCOUNTS_FILE) to receive pushes.',
      )
    }
    throw new WebhookRejection('unknown_account', `No official account "${accountKey}" is configured here.`)
  }

  const policyOf = (isPlaintextAccepted: boolean): WebhookPolicy => ({
    now: dependencies.now(),
    maxAgeSeconds: dependencies.maxAgeSeconds,
    isPlaintextAccepted,
  })

  function answer(response: ServerResponse, status: number, type: string, body: Buffer | string): void {
    if (response.headersSent || response.destroyed) return
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length
    const headers: Record<string, string> = { 'content-type': type, 'content-length': String(length) }
    // A relay that is stopping lets no connection linger: its in-flight pushes are its last ones.
    if (dependencies.isClosing()) headers['connection'] = 'close'
    response.writeHead(status, headers)
    response.end(body)
  }

  function refuse(response: ServerResponse, reason: string, code: RelayErrorCode, message: string): void {
    metrics.pushesRejected.inc({ reason })
    // The path, never the URL: its query carries signatures, the nonce, echostr and the follower's openid.
    logger.warn({ path: PATH, reason }, 'webhook request refused')
    answer(response, HTTP_STATUS_OF[code], JSON_TYPE, JSON.stringify(new RelayError(code, message).toBody()))
  }

  function fail(response: ServerResponse, request: IncomingMessage, error: unknown): void {
    if (error instanceof WebhookRejection) {
      refuse(response, error.reason, codeOfReason(error.reason), error.message)
      return
    }
    if (error instanceof StoreUnavailableError) {
      // Counted, and logged once per burst, by the store's health; WeChat retries, and the retry is stored.
      answer(response, HTTP_STATUS_OF[error.code], JSON_TYPE, JSON.stringify(error.toBody()))
      return
    }
    logger.error({ err: error, method: request.method, path: PATH }, 'webhook failed')
    // Not `success`: WeChat retries, and the retry is deduplicated if this one was stored after all.
    const body = new RelayError('internal', 'The push could not be stored.').toBody()
    answer(response, 500, JSON_TYPE, JSON.stringify(body))
  }

  function verify(request: IncomingMessage, response: ServerResponse, accountKey: string): void {
    // The query alone decides; a body on a GET is read and dropped so the connection stays usable.
    request.resume()
    try {
      const account = accountAt(accountKey)
      answer(
        response,
        200,
        TEXT,
        verifyUrl(queryOf(request.url ?? ''), account.credentials, policyOf(account.isPlaintextAccepted)),
      )
    } catch (error) {
      fail(response, request, error)
    }
  }

  async function take(
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
    accountKey: string,
  ): Promise<void> {
    const startedAt = performance.now()
    try {
      const account = accountAt(accountKey)
      const opened = openPush(
        queryOf(request.url ?? ''),
        body,
        request.headers['content-type'],
        account.credentials,
        policyOf(account.isPlaintextAccepted),
      )
      metrics.pushesReceived.inc({ mode: opened.mode })
      const outcome = await ingest.submit(opened.push)
      if (outcome === 'duplicate') metrics.pushesDeduplicated.inc()
      const reply = (await dependencies.replies?.replyTo(opened.push, outcome)) ?? null
      metrics.ackLatency.observe((performance.now() - startedAt) / 1000)
      if (reply === null) answer(response, 200, TEXT, SUCCESS)
      else {
        const query = queryOf(request.url ?? '')
        const body = passiveReplyBody(opened, reply, query, account.credentials, dependencies.now())
        answer(response, 200, opened.format === 'json' ? JSON_TYPE : XML_TYPE, body)
      }
    } catch (error) {
      fail(response, request, error)
    }
  }

  function receive(request: IncomingMessage, response: ServerResponse, accountKey: string): void {
    const declared = Number(request.headers['content-length'])
    if (declared > bodyLimit) {
      // Answered before reading: the connection closes rather than swallow the oversized body.
      response.setHeader('connection', 'close')
      refuse(response, 'too_large', 'payload_too_large', 'The body is over the size cap.')
      return
    }
    const chunks: Buffer[] = []
    let received = 0
    const onData = (chunk: Buffer): void => {
      received += chunk.length
      if (received <= bodyLimit) {
        chunks.push(chunk)
        return
      }
      request.off('data', onData)
      request.off('end', onEnd)
      response.setHeader('connection', 'close')
      refuse(response, 'too_large', 'payload_too_large', 'The body is over the size cap.')
    }
    const onEnd = (): void => {
      if (!Number.isNaN(declared) && received !== declared) {
        refuse(response, 'malformed_request', 'invalid', 'The body does not match its Content-Length.')
        return
      }
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)
      void take(request, response, body, accountKey)
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', (error) => {
      request.off('end', onEnd)
      refuse(response, 'malformed_request', 'invalid', error.message)
    })
  }

  return (request, response) => {
    const accountKey = accountKeyOfPath(request.url)
    if (accountKey === null) return false
    const method = request.method
    if (method !== 'POST' && method !== 'GET' && method !== 'HEAD') return false
    if (dependencies.isClosing()) return false
    if (method === 'POST') receive(request, response, accountKey)
    else verify(request, response, accountKey)
    return true
  }
}

/**
 * `/wechat` is the default account's webhook, `/wechat/<key>` another's; null when the URL is neither
 * (any other path, or a key no account could have, which fastify then answers 404).
 */
function accountKeyOfPath(url: string | undefined): string | null {
  if (url === undefined || !url.startsWith(PATH)) return null
  const query = url.indexOf('?')
  const path = query < 0 ? url : url.slice(0, query)
  if (path === PATH) return DEFAULT_ACCOUNT_KEY
  if (path[PATH.length] !== '/') return null
  const key = path.slice(PATH.length + 1)
  return ACCOUNT_KEY_PATTERN.test(key) ? key : null
}

function describeRoutes(registry: RouteRegistry): void {
  for (const [url, whose] of [
    [PATH, 'the `default` account (WECHAT_*)'],
    [`${PATH}/{account}`, 'the account of that key (RELAY_ACCOUNTS_FILE), verified with its secrets only'],
  ] as const) {
    registry.add({
      method: 'GET',
      url,
      summary: `WeChat URL verification of ${whose}: answers \`echostr\` (decrypted when \`msg_signature\` is present).`,
      isPublic: true,
      success: { status: 200, description: 'echostr', mediaType: 'text/plain' },
      errors: ['unauthorized', 'not_found', 'not_configured'],
    })
    registry.add({
      method: 'POST',
      url,
      summary: `WeChat push to ${whose} (compatible or safe mode; plaintext only without an EncodingAESKey or with WECHAT_ACCEPT_PLAINTEXT; XML or JSON), signed within RELAY_WEBHOOK_MAX_AGE seconds: \`success\` once durably stored.`,
      isPublic: true,
      success: { status: 200, description: 'success', mediaType: 'text/plain' },
      errors: [
        'unauthorized',
        'not_found',
        'payload_too_large',
        'unsupported_media_type',
        'not_configured',
        'unavailable',
      ],
    })
  }
}

function codeOfReason(reason: string): RelayErrorCode {
  return STATUS_OF_REASON[reason] ?? 'invalid'
}

/**
 * The query string decoded as WeChat means it: percent-decoding only, so a `+` in a base64 `echostr`
 * stays a `+` (form decoding would turn it into a space and break the signature). The first value of
 * a repeated name wins.
 */
export function queryOf(url: string): Record<string, string> {
  const start = url.indexOf('?')
  // No prototype: a name like `__proto__` or `constructor` is just a name.
  const query = Object.create(null) as Record<string, string>
  if (start < 0) return query
  for (const pair of url.slice(start + 1).split('&')) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const name = decodeOrKeep(separator < 0 ? pair : pair.slice(0, separator))
    if (!Object.hasOwn(query, name))
      query[name] = decodeOrKeep(separator < 0 ? '' : pair.slice(separator + 1))
  }
  return query
}

function decodeOrKeep(text: string): string {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * A passive reply in the push's own format and mode: sealed with the key that opened the push (safe and
 * compatible mode, reference §1.6, with the push's nonce), plaintext only for a plaintext push.
 */
function passiveReplyBody(
  opened: OpenedPush,
  text: string,
  query: Readonly<Record<string, string>>,
  credentials: WebhookCredentials,
  nowMs: number,
): string {
  const plain = passiveReply(opened.push, text, { nowMs, format: opened.format })
  if (opened.mode === 'plaintext') return plain
  return sealReply(
    plain,
    {
      nonce: query['nonce'] ?? '',
      timestamp: Math.floor(nowMs / 1000),
      keyIndex: opened.keyIndex,
      format: opened.format,
    },
    credentials,
  )
}
