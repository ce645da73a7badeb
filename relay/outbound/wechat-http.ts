/** What came back from one HTTP exchange with WeChat. */
export type WeChatHttpOutcome =
  | { readonly kind: 'answer'; readonly answer: Readonly<Record<string, unknown>> }
  /** The request never reached WeChat (refused, no route, DNS): trying again cannot double-send. */
  | { readonly kind: 'unreachable'; readonly detail: string }
  /** Sent, no answer in time (or the connection broke): WeChat may have acted on it. */
  | { readonly kind: 'timeout'; readonly detail: string }
  /** An answer that is not WeChat's JSON (a proxy's error page, a truncated body). */
  | { readonly kind: 'bad_answer'; readonly detail: string }
  /** A file (`media/get`): what came instead of JSON, when the request asked for one. */
  | { readonly kind: 'file'; readonly data: Uint8Array; readonly contentType: string }

/** The largest file taken from WeChat: its own limits are 10 MB (video, picture) and 2 MB (voice). */
export const LARGEST_DOWNLOAD_BYTES = 20 * 1024 * 1024

/** Connection errors raised before a byte of the request left: safe to retry any call. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

const codeOf = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: unknown } }).cause
  return typeof cause?.code === 'string' ? cause.code : undefined
}

/**
 * One HTTP exchange with a WeChat API: a JSON body, a multipart form, or a GET. With `acceptsFile`, an
 * answer that is not JSON is the file asked for (WeChat answers errors as JSON). Never throws.
 */
export async function exchangeWithWeChat(
  url: string,
  request: { readonly json?: unknown; readonly form?: FormData; readonly acceptsFile?: boolean },
  timeoutMs: number,
): Promise<WeChatHttpOutcome> {
  let response: Response
  try {
    const isGet = request.json === undefined && request.form === undefined
    response = await fetch(url, {
      method: isGet ? 'GET' : 'POST',
      ...(request.json !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.json) }
        : request.form !== undefined
          ? { body: request.form }
          : {}),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    const code = codeOf(error)
    if (code !== undefined && NOT_SENT_CODES.has(code)) return { kind: 'unreachable', detail: code }
    return { kind: 'timeout', detail: code ?? (error instanceof Error ? error.name : 'error') }
  }
  let bytes: Uint8Array
  try {
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > LARGEST_DOWNLOAD_BYTES) {
      await response.body?.cancel()
      return { kind: 'bad_answer', detail: `HTTP ${response.status}: a file of ${declared} bytes` }
    }
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    return { kind: 'timeout', detail: error instanceof Error ? error.name : 'body interrupted' }
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (request.acceptsFile === true && response.ok && !isJsonAnswer(bytes)) {
    if (bytes.length > LARGEST_DOWNLOAD_BYTES) return { kind: 'bad_answer', detail: 'a file over the limit' }
    return { kind: 'file', data: bytes, contentType }
  }
  const text = new TextDecoder().decode(bytes)
  try {
    const answer: unknown = JSON.parse(text)
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      return { kind: 'bad_answer', detail: `HTTP ${response.status}: not a JSON object` }
    }
    return { kind: 'answer', answer: answer as Record<string, unknown> }
  } catch {
    return { kind: 'bad_answer', detail: `HTTP ${response.status}: ${text.slice(0, 80)}` }
  }
}

/**
 * WeChat's errors come as JSON, whatever the Content-Type says (reference §3.4: "detect the error case by
 * Content-Type: application/json / body starting with `{`"): a body that starts with `{` and parses is an
 * answer, anything else the file.
 */
function isJsonAnswer(bytes: Uint8Array): boolean {
  let first = 0
  while (first < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[first]!)) first += 1
  if (bytes[first] !== 0x7b) return false
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof value === 'object' && value !== null
  } catch {
    return false
  }
}
