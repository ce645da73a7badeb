import { createSimulatorMenu } from './simulator-menu.js'
import { createSimulatorQrCodes } from './simulator-qr-codes.js'
import { EventEmitter } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { createSimulatedFollower, type SimulatedFollower } from './simulated-follower.js'
import {
  mediaIdsOf,
  mediaTypesOf,
  refusalOfCustomSend,
  refusalOfStableToken,
  refusalOfTemplate,
  refusalOfTyping,
} from './simulator-bodies.js'
import { SIMULATED_IMAGE_PATH, simulatedPhotoOf } from './simulator-images.js'
import { createSimulatorMedia, formPartsOf, type FollowerFile } from './simulator-media.js'
import { sampleJpegOf, sampleVideoOf, sampleVoiceOf } from './sample-media.js'
import { createSimulatorTokens } from './simulator-tokens.js'
import {
  createSimulatorWindows,
  WECHAT_WINDOW_RULES,
  type SimulatorWindowRules,
} from './simulator-windows.js'

/** The API endpoints the simulator serves, by their path after `/cgi-bin/`. */
export type SimulatorEndpoint =
  | 'token'
  | 'stable_token'
  | 'message/custom/send'
  | 'message/custom/typing'
  | 'media/upload'
  | 'media/get'
  | 'message/template/send'
  | 'user/info'
  | 'qrcode/create'
  | 'menu/create'
  | 'menu/get'
  | 'menu/delete'
  | 'template/get_all_private_template'

/** The endpoints WeChat serves over GET (reference §3.1, §3.6); every other one refuses GET with 43002. */
const GET_ENDPOINTS: ReadonlySet<string> = new Set([
  'token',
  'user/info',
  'media/get',
  'menu/get',
  'menu/delete',
  'template/get_all_private_template',
])

/** The account's own templates, as `template/get_all_private_template` lists them (reference §3.5's shape). */
export const SIMULATED_TEMPLATES = [
  {
    template_id: 'TM00015',
    title: '订单发货提醒',
    primary_industry: 'IT科技',
    deputy_industry: '互联网|电子商务',
    content: '{{first.DATA}}\n订单号：{{keyword1.DATA}}\n快递公司：{{keyword2.DATA}}\n{{remark.DATA}}',
    example: '您的订单已发货\n订单号：20261201\n快递公司：顺丰\n点击查看物流',
  },
  {
    template_id: 'TM00420',
    title: '服务评价提醒',
    primary_industry: 'IT科技',
    deputy_industry: '互联网|电子商务',
    content: '{{first.DATA}}\n服务项目：{{keyword1.DATA}}\n{{remark.DATA}}',
    example: '请为本次服务打分\n服务项目：售后咨询\n感谢您的支持',
  },
] as const

/** Where the simulator serves a video's download link (`media/get` answers `video_url` for videos). */
const VIDEO_PATH = '/simulated-video/'

/** One API call as the simulator received and answered it. */
export interface SimulatorCall {
  readonly at: number
  readonly endpoint: SimulatorEndpoint | string
  readonly query: Readonly<Record<string, string>>
  /** Parsed JSON, or for uploads `{name, fileName, contentType, size}`; the raw text when unparsable. */
  readonly body: unknown
  readonly answer: Readonly<Record<string, unknown>>
}

/** A customer-service message WeChat accepted and would show the follower. */
export interface DeliveredMessage {
  readonly at: number
  readonly touser: string
  readonly msgtype: string
  readonly body: Readonly<Record<string, unknown>>
}

/** An error or delay injected into the next matching calls. */
export interface Injection {
  readonly endpoint: SimulatorEndpoint
  /** Answer this errcode instead of doing the call (nothing is delivered). */
  readonly errcode?: number
  /** Answer this late; without `errcode` the call is done and answered late (a slow WeChat). */
  readonly delayMs?: number
  /** The call reaches WeChat this late (a slow network on the way in), then is done as usual. */
  readonly arrivesAfterMs?: number
  /** How many matching calls it applies to; default 1. */
  readonly times?: number
  /** Only calls to this follower. */
  readonly touser?: string
  /**
   * Do the call, then answer something the caller cannot read: a proxy's HTML error page, a body cut off
   * mid-JSON, JSON without `errcode`, or plain text. WeChat acted; only its answer was lost.
   */
  readonly garbled?: GarbledAnswer
}

/** Unreadable answers the simulator can give in place of WeChat's JSON. */
export type GarbledAnswer = 'html' | 'truncated' | 'no_errcode' | 'text'

const GARBLED_BODIES: Readonly<Record<GarbledAnswer, { status: number; type: string; body: string }>> = {
  html: {
    status: 502,
    type: 'text/html',
    body: '<html><head><title>502 Bad Gateway</title></head><body><center>502 Bad Gateway</center></body></html>',
  },
  truncated: { status: 200, type: 'application/json; encoding=utf-8', body: '{"errcode":0,"errm' },
  no_errcode: { status: 200, type: 'application/json; encoding=utf-8', body: '{"result":"accepted"}' },
  text: { status: 200, type: 'text/plain', body: 'ok' },
}

/** Options of the simulated platform; every one has a realistic default. */
export interface WeChatSimulatorOptions {
  readonly appId?: string
  readonly appSecret?: string
  /** The account's original id (`gh_…`), the ToUserName of pushes. */
  readonly accountId?: string
  /** The webhook Token used to sign pushes. */
  readonly webhookToken?: string
  /** Safe mode (encrypted pushes) when set. */
  readonly encodingAesKey?: string | null
  /** The relay's webhook URL; can be set later with `setRelayUrl`. */
  readonly relayUrl?: string | null
  /** Openids of followers to create at start (they do not follow until they push `subscribe` or write). */
  readonly followers?: readonly string[]
  /** The platform clock (epoch ms); inject it to expire windows and tokens by time. */
  readonly now?: () => number
  readonly tokenLifetimeSeconds?: number
  readonly classicTokenGraceMs?: number
  readonly pushTimeoutMs?: number
  readonly pushRetries?: number
  readonly windowRules?: SimulatorWindowRules
  /** Push `TEMPLATESENDJOBFINISH` to the relay after each accepted template message; default true. */
  readonly isTemplateResultPushed?: boolean
  /**
   * The unionid of followers, by openid, as `user/info` answers it for an account bound to an open
   * platform; a follower not listed has none.
   */
  readonly unionIds?: Readonly<Record<string, string>>
}

const errmsgWithRid = (errmsg: string) =>
  `${errmsg} rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`

const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new Error('body too large'))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })

/**
 * Starts a fake WeChat platform on 127.0.0.1: the outbound API endpoints with WeChat's answers,
 * token, window and quota rules, error injection and a record of every call, plus followers who push
 * signed (and in safe mode encrypted) webhooks to the relay. A test double built from the protocol
 * reference, for tests, benchmarks and the demo.
 */
export async function startWeChatSimulator(options: WeChatSimulatorOptions = {}) {
  const now = options.now ?? Date.now
  const appId = options.appId ?? 'wx5f0c1a7e3d9b2c41'
  const appSecret = options.appSecret ?? 'simulated-app-secret-0123456789ab'
  const accountId = options.accountId ?? 'gh_5a1mu1a7ed01'
  const tokens = createSimulatorTokens({
    now,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 7200,
    classicGraceMs: options.classicTokenGraceMs ?? 5 * 60_000,
  })
  const windows = createSimulatorWindows(now, options.windowRules ?? WECHAT_WINDOW_RULES)
  const media = createSimulatorMedia(now)
  const qrCodes = createSimulatorQrCodes(now)
  const menu = createSimulatorMenu()
  const calls: SimulatorCall[] = []
  const delivered: DeliveredMessage[] = []
  const injections: { injection: Injection; left: number }[] = []
  const typingUntil = new Map<string, number>()
  const templateIds = new Map<string, number>()
  const emitter = new EventEmitter()
  emitter.setMaxListeners(1000)
  let relayUrl = options.relayUrl ?? null
  let port = 0
  let msgIdCounter = BigInt(Date.now()) * 1000n
  let templateJobCounter = 200_000_000

  const followerContext = {
    accountId,
    appId,
    webhookToken: options.webhookToken ?? 'simulatedwebhooktoken',
    encodingAesKey: options.encodingAesKey ?? null,
    now,
    relayUrl: () => relayUrl,
    pushTimeoutMs: options.pushTimeoutMs ?? 5000,
    pushRetries: options.pushRetries ?? 3,
    // MsgIds are 64-bit and exceed 2^53 (reference §1.8): never make them small numbers.
    nextMsgId: () => String(24_000_000_000_000_000_000n + (msgIdCounter += 1n)),
    // The simulator is the image CDN too, so pictures show in the console without the internet.
    imageUrlOf: (mediaId: string) => `http://127.0.0.1:${port}${SIMULATED_IMAGE_PATH}${mediaId}/0`,
    holdMedia: (kind: 'image' | 'voice' | 'video' | 'thumb', options: { readonly seconds?: number }) =>
      media.holdFollowerFile(followerFileOf(kind, options.seconds ?? 2)),
    record: windows.record,
  }
  const followers = new Map<string, SimulatedFollower>()
  const unionIds = new Map(Object.entries(options.unionIds ?? {}))
  const follower = (
    openId: string = `o${randomBytes(21).toString('base64url').slice(0, 27)}`,
  ): SimulatedFollower => {
    const existing = followers.get(openId)
    if (existing !== undefined) return existing
    const created = createSimulatedFollower(openId, followerContext)
    followers.set(openId, created)
    return created
  }
  for (const openId of options.followers ?? []) follower(openId)

  const takeInjection = (endpoint: string, touser: unknown): Injection | null => {
    const index = injections.findIndex(
      (entry) =>
        entry.injection.endpoint === endpoint &&
        (entry.injection.touser === undefined || entry.injection.touser === touser),
    )
    if (index === -1) return null
    const entry = injections[index]!
    entry.left -= 1
    if (entry.left <= 0) injections.splice(index, 1)
    return entry.injection
  }

  const tokenRefusal = (query: Record<string, string>) => {
    const verdict = tokens.verdictOf(query['access_token'])
    if (verdict === 40001)
      return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
    if (verdict === 42001) return { errcode: 42001, errmsg: 'access_token expired' }
    return null
  }
  const credentialRefusal = (id: unknown, secret: unknown) => {
    if (id !== appId) return { errcode: 40013, errmsg: 'invalid appid' }
    if (secret !== appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
    return null
  }
  const ok = { errcode: 0, errmsg: 'ok' }

  /** Does one call; answers WeChat's JSON. */
  const handle = (
    endpoint: string,
    query: Record<string, string>,
    json: unknown,
    request: IncomingMessage,
    raw: Buffer,
  ): Record<string, unknown> => {
    const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
    switch (endpoint) {
      case 'token': {
        if (query['grant_type'] !== 'client_credential')
          return { errcode: 40002, errmsg: 'invalid grant_type' }
        return credentialRefusal(query['appid'], query['secret']) ?? tokens.issueClassic()
      }
      case 'stable_token': {
        const refusal = refusalOfStableToken(json) ?? credentialRefusal(body['appid'], body['secret'])
        return refusal ?? tokens.issueStable(body['force_refresh'] === true)
      }
      case 'message/custom/send': {
        const refusal = tokenRefusal(query) ?? refusalOfCustomSend(json)
        if (refusal !== null) return refusal
        if (mediaIdsOf(body).some((id) => !media.isUsable(id)))
          return { errcode: 40007, errmsg: 'invalid media_id' }
        // A live id of another type (a picture's id in a voice message) is as unknown to WeChat.
        if (mediaTypesOf(body).some(({ mediaId, types }) => !types.includes(media.typeOf(mediaId) ?? '')))
          return { errcode: 40007, errmsg: 'invalid media_id' }
        const touser = String(body['touser'])
        const verdict = windows.consume(touser)
        if (verdict === 40003) return { errcode: 40003, errmsg: 'invalid openid' }
        if (verdict === 45015)
          return { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' }
        if (verdict === 45047) return { errcode: 45047, errmsg: 'out of response count limit' }
        typingUntil.delete(touser)
        const message = { at: now(), touser, msgtype: String(body['msgtype']), body }
        delivered.push(message)
        emitter.emit('delivered', message)
        return ok
      }
      case 'message/custom/typing': {
        const refusal = tokenRefusal(query) ?? refusalOfTyping(json)
        if (refusal !== null) return refusal
        const touser = String(body['touser'])
        if (!windows.isKnown(touser)) return { errcode: 40003, errmsg: 'invalid openid' }
        if (!windows.canSend(touser))
          return { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' }
        const at = now()
        if (at - (windows.lastInteractionAt(touser) ?? 0) > 30_000) {
          return { errcode: 45080, errmsg: 'has not sent message to user in the last 30 seconds' }
        }
        if (body['command'] === 'CancelTyping') {
          typingUntil.delete(touser)
          return ok
        }
        if ((typingUntil.get(touser) ?? 0) > at) return { errcode: 45081, errmsg: 'already in typing state' }
        typingUntil.set(touser, at + 15_000)
        return ok
      }
      case 'media/get': {
        const refusal = tokenRefusal(query)
        if (refusal !== null) return refusal
        const file = media.followerFile(query['media_id'] ?? '')
        if (file === undefined) return { errcode: 40007, errmsg: 'invalid media_id' }
        // Videos come as a link to fetch over plain HTTP (reference §3.4).
        if (file.type === 'video')
          return { video_url: `http://127.0.0.1:${port}${VIDEO_PATH}${query['media_id']}` }
        return { [FILE_ANSWER]: query['media_id'] }
      }
      case 'media/upload': {
        const refusal = tokenRefusal(query)
        if (refusal !== null) return refusal
        const contentType = request.headers['content-type'] ?? ''
        if (!contentType.startsWith('multipart/form-data'))
          return { errcode: 41005, errmsg: 'media data missing' }
        try {
          const part = formPartsOf(raw, contentType).find((candidate) => candidate.name === 'media')
          return media.upload(query['type'], part)
        } catch {
          return { errcode: 41005, errmsg: 'media data missing' }
        }
      }
      case 'menu/create':
      case 'menu/get':
      case 'menu/delete': {
        const refusal = tokenRefusal(query)
        if (refusal !== null) return refusal
        return endpoint === 'menu/create'
          ? menu.create(json)
          : endpoint === 'menu/get'
            ? menu.get()
            : menu.remove()
      }
      case 'template/get_all_private_template': {
        const refusal = tokenRefusal(query)
        if (refusal !== null) return refusal
        return { template_list: SIMULATED_TEMPLATES }
      }
      case 'qrcode/create': {
        const refusal = tokenRefusal(query)
        if (refusal !== null) return refusal
        return qrCodes.create(json)
      }
      case 'user/info': {
        const refusal = tokenRefusal(query)
        if (refusal !== null) return refusal
        const openid = query['openid'] ?? ''
        if (!windows.isKnown(openid)) return { errcode: 40003, errmsg: 'invalid openid' }
        if (!windows.isFollowing(openid)) return { subscribe: 0, openid }
        // Since 2021-12-27 no nickname or avatar (reference §3.6).
        const unionid = unionIds.get(openid)
        return {
          subscribe: 1,
          openid,
          nickname: '',
          headimgurl: '',
          subscribe_time: Math.floor(now() / 1000),
          remark: '',
          ...(unionid === undefined ? {} : { unionid }),
        }
      }
      case 'message/template/send': {
        const refusal = tokenRefusal(query) ?? refusalOfTemplate(json)
        if (refusal !== null) return refusal
        const touser = String(body['touser'])
        if (!windows.isKnown(touser)) return { errcode: 40003, errmsg: 'invalid openid' }
        if (!windows.isFollowing(touser)) return { errcode: 43004, errmsg: 'require subscribe' }
        const clientMsgId = typeof body['client_msg_id'] === 'string' ? body['client_msg_id'] : null
        // client_msg_id makes template sends idempotent ("防重入", reference §3.5).
        const known = clientMsgId === null ? undefined : templateIds.get(clientMsgId)
        if (known !== undefined) return { ...ok, msgid: known }
        const msgid = (templateJobCounter += 1)
        if (clientMsgId !== null) templateIds.set(clientMsgId, msgid)
        const message = { at: now(), touser, msgtype: 'template', body }
        delivered.push(message)
        emitter.emit('delivered', message)
        if (options.isTemplateResultPushed !== false && relayUrl !== null) {
          setTimeout(() => void follower(touser).templateJobFinished(String(msgid), 'success'), 10)
        }
        return { ...ok, msgid }
      }
      default:
        return { errcode: 40066, errmsg: 'invalid url' }
    }
  }

  const respond = (response: ServerResponse, answer: Record<string, unknown>) => {
    const fileId = answer[FILE_ANSWER]
    if (typeof fileId === 'string') {
      void sendFollowerFile(response, fileId)
      return { file: fileId }
    }
    const isError = typeof answer['errcode'] === 'number' && answer['errcode'] !== 0
    const final = isError ? { ...answer, errmsg: errmsgWithRid(String(answer['errmsg'])) } : answer
    response.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' })
    response.end(JSON.stringify(final))
    return final
  }

  /** A follower's file as `media/get` answers it: the bytes, typed, named as WeChat names them. */
  const sendFollowerFile = async (response: ServerResponse, mediaId: string) => {
    const file = media.followerFile(mediaId)
    if (file === undefined) {
      response.writeHead(404).end()
      return
    }
    const data = await file.data()
    const extension = file.contentType.split('/')[1] ?? 'bin'
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${mediaId}.${extension}"`,
      'content-length': data.length,
    })
    response.end(data)
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      if (request.method === 'GET' && url.pathname.startsWith(VIDEO_PATH)) {
        await sendFollowerFile(response, url.pathname.slice(VIDEO_PATH.length))
        return
      }
      if (request.method === 'GET' && url.pathname.startsWith(SIMULATED_IMAGE_PATH)) {
        // The CDN is not an API call: it answers the picture and is not recorded in `calls`.
        response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' })
        response.end(simulatedPhotoOf(url.pathname))
        return
      }
      const endpoint = url.pathname.replace(/^\/cgi-bin\//, '')
      const query = Object.fromEntries(url.searchParams)
      let raw: Buffer
      try {
        raw = await readBody(request, 25 * 1024 * 1024)
      } catch {
        respond(response, { errcode: 40006, errmsg: 'invalid media size' })
        return
      }
      const isMultipart = (request.headers['content-type'] ?? '').startsWith('multipart/form-data')
      let json: unknown = undefined
      let recorded: unknown = raw.toString('utf8')
      if (isMultipart) {
        try {
          recorded = formPartsOf(raw, request.headers['content-type'] ?? '').map((part) => ({
            name: part.name,
            fileName: part.fileName,
            contentType: part.contentType,
            size: part.data.length,
          }))
        } catch {
          recorded = { unreadable: true }
        }
      } else if (raw.length > 0) {
        try {
          json = JSON.parse(raw.toString('utf8'))
          recorded = json
        } catch {
          json = undefined
        }
      }
      const at = now()
      const touser =
        typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['touser'] : undefined
      const injection = takeInjection(endpoint, touser)
      if (injection?.arrivesAfterMs !== undefined)
        await new Promise((resolve) => setTimeout(resolve, injection.arrivesAfterMs))
      if (injection?.garbled !== undefined) {
        const answer = handle(endpoint, query, json, request, raw)
        const garbled = GARBLED_BODIES[injection.garbled]
        response.writeHead(garbled.status, { 'content-type': garbled.type })
        response.end(garbled.body)
        const call = { at, endpoint, query, body: recorded, answer }
        calls.push(call)
        emitter.emit('call', call)
        return
      }
      if (injection?.delayMs !== undefined && injection.errcode === undefined) {
        // A slow WeChat: the call takes effect now, the answer comes late.
        const answer = handle(endpoint, query, json, request, raw)
        await new Promise((resolve) => setTimeout(resolve, injection.delayMs))
        finish(at, endpoint, query, recorded, response, answer)
        return
      }
      if (injection?.delayMs !== undefined)
        await new Promise((resolve) => setTimeout(resolve, injection.delayMs))
      const answer =
        injection?.errcode !== undefined
          ? {
              errcode: injection.errcode,
              errmsg: injection.errcode === -1 ? 'system error' : 'injected error',
            }
          : request.method === 'GET' && !GET_ENDPOINTS.has(endpoint)
            ? { errcode: 43002, errmsg: 'require POST method' }
            : handle(endpoint, query, json, request, raw)
      finish(at, endpoint, query, recorded, response, answer)
    })()
  })

  const finish = (
    at: number,
    endpoint: string,
    query: Record<string, string>,
    body: unknown,
    response: ServerResponse,
    answer: Record<string, unknown>,
  ) => {
    // The caller may have given up waiting; the call still happened and is recorded.
    const call = {
      at,
      endpoint,
      query,
      body,
      answer: response.destroyed ? answer : respond(response, answer),
    }
    calls.push(call)
    emitter.emit('call', call)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port

  const waitFor = <T>(
    eventName: 'call' | 'delivered',
    list: readonly T[],
    predicate: (item: T) => boolean,
    timeoutMs: number,
  ) =>
    new Promise<T>((resolve, reject) => {
      const found = list.find(predicate)
      if (found !== undefined) return resolve(found)
      const timer = setTimeout(() => {
        emitter.off(eventName, listener)
        reject(new Error(`no matching ${eventName} within ${timeoutMs} ms`))
      }, timeoutMs)
      const listener = (item: T) => {
        if (!predicate(item)) return
        clearTimeout(timer)
        emitter.off(eventName, listener)
        resolve(item)
      }
      emitter.on(eventName, listener)
    })

  return {
    /** Base URL to use as WECHAT_API_BASE. */
    apiBase: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    accountId,
    webhookToken: followerContext.webhookToken,
    encodingAesKey: followerContext.encodingAesKey,
    /** The followers created so far, by openid. */
    followers,
    /** Creates (or returns) a follower. */
    follower,
    /** Every API call, in the order answered. */
    calls,
    /** Customer-service and template messages WeChat accepted. */
    delivered,
    /** Makes the next matching calls fail or answer late. */
    inject(injection: Injection): void {
      injections.push({ injection, left: injection.times ?? 1 })
    },
    /** Drops injections not used yet. */
    clearInjections(): void {
      injections.length = 0
    },
    /** Where followers push to (the relay's `/wechat` URL). */
    setRelayUrl(url: string | null): void {
      relayUrl = url
    },
    /** Another server force-refreshed the credential: every token in force stops working now. */
    revokeTokens: tokens.revokeAll,
    /** Binds a follower to a unionid, as an open platform does: `user/info` answers it from now on. */
    setUnionId(openId: string, unionId: string): void {
      unionIds.set(openId, unionId)
    },
    /** Records an interaction directly, for tests that do not go through a relay. */
    recordInteraction: windows.record,
    /** Resolves with the first call (past or coming) that matches. */
    waitForCall: (predicate: (call: SimulatorCall) => boolean, timeoutMs = 5000) =>
      waitFor('call', calls, predicate, timeoutMs),
    /** Resolves with the first delivered message (past or coming) that matches. */
    waitForDelivery: (predicate: (message: DeliveredMessage) => boolean, timeoutMs = 5000) =>
      waitFor('delivered', delivered, predicate, timeoutMs),
    /** Calls `listener` with each message WeChat accepts from now on; answers an unsubscribe function. */
    onDelivered(listener: (message: DeliveredMessage) => void): () => void {
      emitter.on('delivered', listener)
      return () => emitter.off('delivered', listener)
    },
    /** Stops the server. */
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Marks `handle`'s answer to `media/get` as a file to send, not JSON. */
const FILE_ANSWER = '__file'

/** The file behind a follower's media id, made when WeChat is first asked for it. */
function followerFileOf(kind: 'image' | 'voice' | 'video' | 'thumb', seconds: number): FollowerFile {
  switch (kind) {
    case 'image':
      return {
        type: 'image',
        contentType: 'image/png',
        data: async () => simulatedPhotoOf(randomBytes(8).toString('hex')),
      }
    case 'voice':
      return { type: 'voice', contentType: 'audio/amr', data: async () => sampleVoiceOf(seconds) }
    case 'video':
      return { type: 'video', contentType: 'video/mp4', data: () => sampleVideoOf(seconds) }
    case 'thumb':
      return { type: 'thumb', contentType: 'image/jpeg', data: () => sampleJpegOf() }
  }
}

/** A running simulator. */
export type WeChatSimulator = Awaited<ReturnType<typeof startWeChatSimulator>>
