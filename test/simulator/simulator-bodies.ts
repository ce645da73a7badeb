/**
 * Strict checks of the JSON bodies WeChat's outbound APIs take (reference §3.2, §3.3, §3.5). Unknown
 * keys, missing keys and wrong types are refused, so a relay that drifts from the documented shape
 * fails its tests instead of passing against a lenient fake.
 */

/** A refusal: WeChat's errcode and errmsg (without the rid, which the server appends). */
export type BodyRefusal = { readonly errcode: number; readonly errmsg: string }

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const formatError: BodyRefusal = { errcode: 47001, errmsg: 'data format error' }

/** Every key present is allowed, every required key present and a non-empty string. */
function hasExactStrings(
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): boolean {
  if (!isObject(value)) return false
  const allowed = new Set([...required, ...optional])
  if (Object.keys(value).some((key) => !allowed.has(key))) return false
  return (
    required.every((key) => typeof value[key] === 'string' && value[key] !== '') &&
    optional.every((key) => value[key] === undefined || typeof value[key] === 'string')
  )
}

/** The payload keys each msgtype of `custom/send` takes (reference §3.2). */
const customPayloads: Readonly<Record<string, { required: string[]; optional?: string[] }>> = {
  text: { required: ['content'] },
  image: { required: ['media_id'] },
  voice: { required: ['media_id'] },
  video: { required: ['media_id', 'thumb_media_id'], optional: ['title', 'description'] },
  music: { required: ['musicurl', 'hqmusicurl', 'thumb_media_id'], optional: ['title', 'description'] },
  mpnewsarticle: { required: ['article_id'] },
  wxcard: { required: ['card_id'] },
  miniprogrampage: { required: ['title', 'appid', 'pagepath', 'thumb_media_id'] },
}

/**
 * The upload types each media id of a `custom/send` body must have (reference §3.2, §3.4): a voice
 * message's id is a voice upload, a video's thumbnail a `thumb`, a mini-program card's an image.
 */
export function mediaTypesOf(body: Json): { readonly mediaId: string; readonly types: readonly string[] }[] {
  const msgtype = String(body['msgtype'])
  const payload = body[msgtype]
  if (!isObject(payload)) return []
  const wanted: Record<string, Record<string, readonly string[]>> = {
    image: { media_id: ['image'] },
    voice: { media_id: ['voice'] },
    video: { media_id: ['video'], thumb_media_id: ['thumb'] },
    music: { thumb_media_id: ['thumb'] },
    miniprogrampage: { thumb_media_id: ['image', 'thumb'] },
  }
  return Object.entries(wanted[msgtype] ?? {}).flatMap(([key, types]) =>
    typeof payload[key] === 'string' ? [{ mediaId: payload[key] as string, types }] : [],
  )
}

/** Media ids a `custom/send` body refers to, so the server can check they were uploaded. */
export function mediaIdsOf(body: Json): string[] {
  const payload = body[String(body['msgtype'])]
  if (!isObject(payload)) return []
  return ['media_id', 'thumb_media_id']
    .map((key) => payload[key])
    .filter((value): value is string => typeof value === 'string')
}

/** Checks a `custom/send` body; null when WeChat would take it. */
export function refusalOfCustomSend(body: unknown): BodyRefusal | null {
  if (!isObject(body)) return { errcode: 44002, errmsg: 'empty post data' }
  const msgtype = body['msgtype']
  if (typeof body['touser'] !== 'string' || body['touser'] === '')
    return { errcode: 40003, errmsg: 'invalid openid' }
  if (typeof msgtype !== 'string') return formatError
  const allowedTopKeys = new Set(['touser', 'msgtype', msgtype, 'customservice'])
  if (Object.keys(body).some((key) => !allowedTopKeys.has(key))) return formatError
  if (body['customservice'] !== undefined && !hasExactStrings(body['customservice'], ['kf_account']))
    return formatError
  const payload = body[msgtype]
  if (msgtype === 'news') {
    if (
      !isObject(payload) ||
      Object.keys(payload).join() !== 'articles' ||
      !Array.isArray(payload['articles'])
    ) {
      return formatError
    }
    const articles = payload['articles'] as unknown[]
    if (articles.length === 0) return { errcode: 44003, errmsg: 'empty news data' }
    if (articles.length > 1) return { errcode: 45008, errmsg: 'article size out of limit' }
    const isArticle = hasExactStrings(articles[0], ['title', 'url'], ['description', 'picurl'])
    return isArticle ? null : formatError
  }
  const shape = customPayloads[msgtype]
  if (shape === undefined) return { errcode: 40008, errmsg: 'invalid message type' }
  if (!hasExactStrings(payload, shape.required, shape.optional)) return formatError
  if (msgtype === 'text' && Buffer.byteLength(String((payload as Json)['content'])) > 2048) {
    return { errcode: 45002, errmsg: 'content size out of limit' }
  }
  return null
}

/** Checks a `custom/typing` body (reference §3.3). */
export function refusalOfTyping(body: unknown): BodyRefusal | null {
  if (!isObject(body)) return { errcode: 44002, errmsg: 'empty post data' }
  if (!hasExactStrings(body, ['touser', 'command'])) return formatError
  if (body['command'] !== 'Typing' && body['command'] !== 'CancelTyping') {
    return { errcode: 45072, errmsg: 'command invalid' }
  }
  return null
}

/** Checks a `template/send` body (reference §3.5). */
export function refusalOfTemplate(body: unknown): BodyRefusal | null {
  if (!isObject(body)) return { errcode: 44002, errmsg: 'empty post data' }
  const allowed = new Set(['touser', 'template_id', 'url', 'miniprogram', 'client_msg_id', 'data'])
  if (Object.keys(body).some((key) => !allowed.has(key))) return formatError
  if (typeof body['touser'] !== 'string' || body['touser'] === '')
    return { errcode: 40003, errmsg: 'invalid openid' }
  if (typeof body['template_id'] !== 'string' || body['template_id'] === '') {
    return { errcode: 40037, errmsg: 'invalid template_id' }
  }
  if (body['url'] !== undefined && typeof body['url'] !== 'string') return formatError
  if (body['client_msg_id'] !== undefined && typeof body['client_msg_id'] !== 'string') return formatError
  if (body['miniprogram'] !== undefined && !hasExactStrings(body['miniprogram'], ['appid'], ['pagepath'])) {
    return formatError
  }
  const data = body['data']
  if (!isObject(data)) return formatError
  const isData = Object.values(data).every((field) => hasExactStrings(field, [], ['value', 'color']))
  return isData ? null : formatError
}

/** Checks a `stable_token` body (reference §3.1). */
export function refusalOfStableToken(body: unknown): BodyRefusal | null {
  if (!isObject(body)) return { errcode: 44002, errmsg: 'empty post data' }
  const allowed = new Set(['grant_type', 'appid', 'secret', 'force_refresh'])
  if (Object.keys(body).some((key) => !allowed.has(key))) return formatError
  if (body['grant_type'] !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' }
  if (body['force_refresh'] !== undefined && typeof body['force_refresh'] !== 'boolean') return formatError
  return null
}
