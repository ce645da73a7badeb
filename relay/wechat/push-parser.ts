import { DEFAULT_ACCOUNT_KEY } from '../../common/domain/account.js'
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser'
import type { InboundEventBody, InboundMessageBody, InboundPush } from '../../common/domain/inbound.js'
import { cdataOf } from './cdata.js'
import { WebhookRejection } from './webhook-rejection.js'

/** The data format configured in the MP console (数据格式). */
export type PushFormat = 'xml' | 'json'

/** One element of a push: text, nested elements, or a repeated element. Numbers stay text. */
export type PushValue = string | PushTree | readonly PushValue[]

/** The elements under `<xml>` (or the JSON object), exactly as sent, numbers kept as strings. */
export interface PushTree {
  readonly [name: string]: PushValue
}

/** What {@link buildPushXml} writes: strings become CDATA, numbers and bigints plain text. */
export type PushXmlValue = string | number | bigint | PushXmlFields | readonly PushXmlValue[]

/** Fields for {@link buildPushXml}, in element order. */
export interface PushXmlFields {
  readonly [name: string]: PushXmlValue
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const XML_ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
const FORBIDDEN_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const UNSIGNED_INTEGER = /^[0-9]{1,15}$/

// The five XML entities and character references only: no HTML names, and no DTD (refused earlier).
const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (text) =>
    text.replace(
      XML_ENTITY,
      (entity, hex: string | undefined, decimal: string | undefined, name?: string) => {
        if (name !== undefined) return NAMED_ENTITIES[name] ?? entity
        const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal)
        return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity
      },
    ),
}

// parseTagValue off: every value stays a string, so MsgId 6054768590064713728 keeps all its digits.
const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  entityDecoder: xmlEntityDecoder,
})

/**
 * Parses a push body (plaintext, or the decrypted text of an encrypted one) into an {@link InboundPush}.
 * Throws WebhookRejection: forbidden_doctype, malformed_body, unsupported_body, missing_field.
 */
export function parsePush(
  body: Buffer | string,
  contentType?: string,
  accountKey = DEFAULT_ACCOUNT_KEY,
): InboundPush {
  return pushOf(readPushBody(body, contentType).fields, accountKey)
}

/**
 * Reads a body into its element tree without interpreting it (also used for encrypted envelopes).
 * The body's first character decides the format; Content-Type only settles a body that shows neither,
 * since the header WeChat sends for JSON is unverified and a wrong guess would lose the push.
 */
export function readPushBody(
  body: Buffer | string,
  contentType?: string,
): { readonly format: PushFormat; readonly fields: PushTree } {
  const text = textOf(body)
  const first = text.trimStart().charAt(0)
  if (first === '<') return { format: 'xml', fields: readXml(text) }
  if (first === '{' || (first !== '' && /\bjson\b/i.test(contentType ?? ''))) {
    return { format: 'json', fields: readJson(text) }
  }
  throw new WebhookRejection('unsupported_body', 'body is neither XML nor JSON')
}

/**
 * Maps an element tree pushed to `accountKey`'s webhook to an {@link InboundPush} (reference §2.1–2.3);
 * unknown types keep everything in `raw`.
 */
export function pushOf(fields: PushTree, accountKey: string): InboundPush {
  const openId = requiredText(fields, 'FromUserName')
  const msgType = requiredText(fields, 'MsgType')
  const createTimeText = requiredText(fields, 'CreateTime').trim()
  if (!UNSIGNED_INTEGER.test(createTimeText)) {
    throw new WebhookRejection('malformed_body', 'CreateTime is not a whole number of seconds')
  }
  const header = {
    accountKey,
    accountId: textAt(fields, 'ToUserName') ?? '',
    openId,
    createTime: Number(createTimeText),
    raw: rawOf(fields),
  }
  if (msgType.toLowerCase() === 'event') return { ...header, kind: 'event', body: eventBodyOf(fields) }
  // WeChat's own table writes MsgID for voice while its XML says MsgId: accept both.
  const msgId = nonEmpty(textAt(fields, 'MsgId')) ?? nonEmpty(textAt(fields, 'MsgID'))
  if (msgId === undefined) throw new WebhookRejection('missing_field', `${msgType} message has no MsgId`)
  return { ...header, kind: 'message', msgId: msgId.trim(), body: messageBodyOf(msgType, fields) }
}

/**
 * Writes a push the way WeChat does (`<xml>` root, strings in CDATA, numbers plain), for the simulator.
 * Arrays repeat their element (`PicList: {item: [...]}`).
 */
export function buildPushXml(fields: PushXmlFields): string {
  return `<xml>${elementsOf(fields)}</xml>`
}

function textOf(body: Buffer | string): string {
  let text: string
  if (typeof body === 'string') {
    text = body
  } else {
    try {
      text = strictUtf8.decode(body)
    } catch {
      throw new WebhookRejection('malformed_body', 'body is not UTF-8')
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function readXml(text: string): PushTree {
  const flat = readFlatXml(text)
  if (flat !== null) return flat
  assertNoDeclarations(text)
  if (XMLValidator.validate(text) !== true)
    throw new WebhookRejection('malformed_body', 'XML is not well-formed')
  let document: unknown
  try {
    document = xmlParser.parse(text)
  } catch {
    throw new WebhookRejection('malformed_body', 'XML could not be parsed')
  }
  const names = isRecord(document) ? Object.keys(document) : []
  if (!isRecord(document) || names.length !== 1 || names[0] !== 'xml') {
    throw new WebhookRejection('malformed_body', 'the root element must be <xml>')
  }
  const root = document['xml']
  if (typeof root === 'string') return {}
  if (!isRecord(root)) throw new WebhookRejection('malformed_body', 'the root element must be <xml>')
  return treeOf(root)
}

/**
 * The shape WeChat actually sends, read in one pass: `<xml>`, then elements holding only CDATA sections
 * or only plain text (no `<`, no `&`), then `</xml>`, with nothing else but whitespace. Answers null for
 * anything else (declarations, comments, attributes, entities, nesting, mixed content), which then takes
 * the validating parser, so this path never decides what is well-formed, only reads what plainly is. It
 * yields exactly what the general path would: text trimmed, CDATA verbatim, repeats as a list.
 */
function readFlatXml(text: string): PushTree | null {
  const end = text.length
  let index = skipWhitespace(text, 0)
  if (!text.startsWith('<xml>', index)) return null
  index += 5
  const tree: Record<string, PushValue> = {}
  for (;;) {
    index = skipWhitespace(text, index)
    if (text.startsWith('</xml>', index)) {
      return skipWhitespace(text, index + 6) === end ? tree : null
    }
    if (text.charCodeAt(index) !== 0x3c) return null
    const nameEnd = text.indexOf('>', index + 1)
    if (nameEnd === -1) return null
    const name = text.slice(index + 1, nameEnd)
    if (!ELEMENT_NAME.test(name) || name === 'xml' || name === '__proto__') return null
    index = nameEnd + 1
    let value: string
    if (text.startsWith('<![CDATA[', index)) {
      value = ''
      while (text.startsWith('<![CDATA[', index)) {
        const close = text.indexOf(']]>', index + 9)
        if (close === -1) return null
        value += text.slice(index + 9, close)
        index = close + 3
      }
    } else {
      const close = text.indexOf('<', index)
      if (close === -1) return null
      value = text.slice(index, close)
      if (value.includes('&')) return null
      value = value.trim()
      index = close
    }
    const closing = `</${name}>`
    if (!text.startsWith(closing, index)) return null
    index += closing.length
    const previous = Object.hasOwn(tree, name) ? tree[name] : undefined
    if (previous === undefined) tree[name] = value
    else if (Array.isArray(previous)) (previous as PushValue[]).push(value)
    else tree[name] = [previous, value]
  }
}

function skipWhitespace(text: string, from: number): number {
  let index = from
  for (;;) {
    const code = text.charCodeAt(index)
    // XML whitespace only: space, tab, CR, LF.
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return index
    index += 1
  }
}

/**
 * Refuses DTDs before any parser sees them (XXE, entity expansion bombs). CDATA is skipped first, so a
 * follower who types `<!DOCTYPE` in a message is not refused: outside CDATA `<!` can only be markup.
 */
function assertNoDeclarations(text: string): void {
  let index = 0
  while (index < text.length) {
    const start = text.indexOf('<![CDATA[', index)
    const markup = text.slice(index, start === -1 ? text.length : start)
    if (FORBIDDEN_DECLARATION.test(markup)) {
      throw new WebhookRejection('forbidden_doctype', 'DOCTYPE and ENTITY declarations are refused')
    }
    if (start === -1) return
    const end = text.indexOf(']]>', start)
    if (end === -1) throw new WebhookRejection('malformed_body', 'unterminated CDATA section')
    index = end + 3
  }
}

function readJson(text: string): PushTree {
  let document: unknown
  try {
    document = JSON.parse(quoteJsonNumbers(text))
  } catch {
    throw new WebhookRejection('malformed_body', 'JSON could not be parsed')
  }
  if (!isRecord(document)) throw new WebhookRejection('malformed_body', 'the JSON body must be an object')
  return treeOf(document)
}

/**
 * Turns every number literal outside strings into a string literal before JSON.parse, so MsgId values
 * beyond 2^53 keep their digits (Node 20's JSON.parse has no access to the source text).
 */
function quoteJsonNumbers(text: string): string {
  const chunks: string[] = []
  let copiedUpTo = 0
  let index = 0
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === '"') {
      index = endOfJsonString(text, index)
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      JSON_NUMBER.lastIndex = index
      const match = JSON_NUMBER.exec(text)
      if (match === null) return text
      chunks.push(text.slice(copiedUpTo, index), `"${match[0]}"`)
      index += match[0].length
      copiedUpTo = index
    } else {
      index += 1
    }
  }
  chunks.push(text.slice(copiedUpTo))
  return chunks.join('')
}

function endOfJsonString(text: string, start: number): number {
  let index = start + 1
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === '\\') index += 2
    else if (char === '"') return index + 1
    else index += 1
  }
  return text.length
}

function treeOf(record: Readonly<Record<string, unknown>>): PushTree {
  const tree: Record<string, PushValue> = {}
  for (const [name, value] of Object.entries(record)) {
    // Stray text between elements is not data.
    if (name !== '#text') tree[name] = valueOf(value)
  }
  return tree
}

function valueOf(value: unknown): PushValue {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(valueOf)
  if (isRecord(value)) return treeOf(value)
  return value === null || value === undefined ? '' : String(value)
}

function rawOf(fields: PushTree): Readonly<Record<string, string>> {
  const raw: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) {
    raw[name] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return raw
}

function messageBodyOf(msgType: string, fields: PushTree): InboundMessageBody {
  const text = (name: string): string => textAt(fields, name) ?? ''
  switch (msgType.toLowerCase()) {
    case 'text': {
      const menuId = nonEmpty(textAt(fields, 'bizmsgmenuid'))
      return { type: 'text', text: text('Content'), ...(menuId === undefined ? {} : { menuId }) }
    }
    case 'image':
      return { type: 'image', mediaId: text('MediaId'), picUrl: text('PicUrl') }
    case 'voice': {
      const recognition = textAt(fields, 'Recognition')
      return {
        type: 'voice',
        mediaId: text('MediaId'),
        format: text('Format'),
        ...(recognition === undefined ? {} : { recognition }),
      }
    }
    case 'video':
    case 'shortvideo':
      return {
        type: msgType.toLowerCase() === 'video' ? 'video' : 'shortvideo',
        mediaId: text('MediaId'),
        thumbMediaId: text('ThumbMediaId'),
      }
    case 'location': {
      const [latitude, longitude, scale] = numbersAt(fields, ['Location_X', 'Location_Y', 'Scale'])
      if (latitude === undefined || longitude === undefined || scale === undefined) {
        return { type: 'unknown', msgType }
      }
      return { type: 'location', latitude, longitude, scale, label: text('Label') }
    }
    case 'link':
      return { type: 'link', title: text('Title'), description: text('Description'), url: text('Url') }
    default:
      return { type: 'unknown', msgType }
  }
}

function eventBodyOf(fields: PushTree): InboundEventBody {
  const name = textAt(fields, 'Event')?.trim() ?? ''
  const eventKey = textAt(fields, 'EventKey')
  const key = eventKey ?? ''
  const ticket = nonEmpty(textAt(fields, 'Ticket'))
  const menuId = nonEmpty(textAt(fields, 'MenuId'))
  const unknown: InboundEventBody = { event: 'unknown', name, ...(eventKey === undefined ? {} : { key }) }
  // WeChat mixes cases (SCAN, LOCATION, CLICK, VIEW vs subscribe): compare in lower case.
  switch (name.toLowerCase()) {
    case 'subscribe': {
      if (!key.startsWith('qrscene_'))
        return { event: 'subscribe', ...(ticket === undefined ? {} : { ticket }) }
      return {
        event: 'subscribe',
        qrScene: key.slice('qrscene_'.length),
        ...(ticket === undefined ? {} : { ticket }),
      }
    }
    case 'unsubscribe':
      return { event: 'unsubscribe' }
    case 'scan':
      return { event: 'scan', scene: key, ...(ticket === undefined ? {} : { ticket }) }
    case 'location': {
      const [latitude, longitude, precision] = numbersAt(fields, ['Latitude', 'Longitude', 'Precision'])
      if (latitude === undefined || longitude === undefined || precision === undefined) return unknown
      return { event: 'location', latitude, longitude, precision }
    }
    case 'click':
      return { event: 'click', key }
    case 'view':
      return { event: 'view', url: key, ...(menuId === undefined ? {} : { menuId }) }
    case 'view_miniprogram':
      return { event: 'view_miniprogram', path: key, ...(menuId === undefined ? {} : { menuId }) }
    case 'scancode_push':
    case 'scancode_waitmsg': {
      const info = treeAt(fields, 'ScanCodeInfo')
      return {
        event: name.toLowerCase() === 'scancode_push' ? 'scancode_push' : 'scancode_waitmsg',
        key,
        scanType: textAt(info, 'ScanType') ?? '',
        scanResult: textAt(info, 'ScanResult') ?? '',
      }
    }
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin': {
      const info = treeAt(fields, 'SendPicsInfo')
      const pictureMd5s = pictureMd5sOf(info['PicList'])
      const [count] = numbersAt(info, ['Count'])
      return {
        event: name.toLowerCase() as 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin',
        key,
        count: count ?? pictureMd5s.length,
        pictureMd5s,
      }
    }
    case 'location_select': {
      const info = treeAt(fields, 'SendLocationInfo')
      const [latitude, longitude, scale] = numbersAt(info, ['Location_X', 'Location_Y', 'Scale'])
      if (latitude === undefined || longitude === undefined || scale === undefined) return unknown
      return {
        event: 'location_select',
        key,
        latitude,
        longitude,
        scale,
        label: textAt(info, 'Label') ?? '',
        poiName: textAt(info, 'Poiname') ?? '',
      }
    }
    case 'kf_create_session':
    case 'kf_close_session':
      return {
        event: name.toLowerCase() === 'kf_create_session' ? 'kf_create_session' : 'kf_close_session',
        kfAccount: textAt(fields, 'KfAccount') ?? '',
      }
    case 'kf_switch_session':
      return {
        event: 'kf_switch_session',
        fromKfAccount: textAt(fields, 'FromKfAccount') ?? '',
        toKfAccount: textAt(fields, 'ToKfAccount') ?? '',
      }
    case 'templatesendjobfinish':
      // MsgID here is the template job id, not a message id (reference §1.8).
      return {
        event: 'template_send_job_finish',
        jobId: (textAt(fields, 'MsgID') ?? textAt(fields, 'MsgId') ?? '').trim(),
        status: textAt(fields, 'Status') ?? '',
      }
    default:
      return unknown
  }
}

/** `PicList` is `{item: …}` in XML (one item or many) and may be a bare array in JSON. */
function pictureMd5sOf(picList: PushValue | undefined): string[] {
  const entries = (value: PushValue | undefined): readonly PushValue[] => {
    if (value === undefined || typeof value === 'string') return []
    if (isList(value)) return value.flatMap((entry) => (isList(entry) ? entries(entry) : [entry]))
    return value['item'] === undefined ? [value] : entries(value['item'])
  }
  return entries(picList).flatMap((entry) => {
    const md5 = typeof entry === 'string' || isList(entry) ? undefined : textAt(entry, 'PicMd5Sum')
    return md5 === undefined ? [] : [md5]
  })
}

function requiredText(fields: PushTree, name: string): string {
  const value = nonEmpty(textAt(fields, name))
  if (value === undefined) throw new WebhookRejection('missing_field', `${name} is missing`)
  return value
}

function textAt(fields: PushTree, name: string): string | undefined {
  const value = fields[name]
  return typeof value === 'string' ? value : undefined
}

function treeAt(fields: PushTree, name: string): PushTree {
  const value = fields[name]
  return value === undefined || typeof value === 'string' || isList(value) ? {} : value
}

function numbersAt(fields: PushTree, names: readonly string[]): (number | undefined)[] {
  return names.map((name) => {
    const text = textAt(fields, name)?.trim()
    const value = text === undefined || text === '' ? Number.NaN : Number(text)
    return Number.isFinite(value) ? value : undefined
  })
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text
}

function isList(value: PushValue): value is readonly PushValue[] {
  return Array.isArray(value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function elementsOf(fields: PushXmlFields): string {
  return Object.entries(fields)
    .map(([name, value]) => elementOf(name, value))
    .join('')
}

function elementOf(name: string, value: PushXmlValue): string {
  if (!ELEMENT_NAME.test(name)) throw new RangeError(`not an XML element name: ${name}`)
  if (Array.isArray(value)) return value.map((item: PushXmlValue) => elementOf(name, item)).join('')
  if (typeof value === 'string') return `<${name}>${cdataOf(value)}</${name}>`
  if (typeof value === 'number' || typeof value === 'bigint') return `<${name}>${String(value)}</${name}>`
  return `<${name}>${elementsOf(value as PushXmlFields)}</${name}>`
}
