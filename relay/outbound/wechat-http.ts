/** What came back from one HTTP exchange with WeChat. */
export type WeChatHttpOutcome =
  | { readonly kind: 'answer'; readonly answer: Readonly<Record<string, unknown>> }
  /** The request never reached WeChat (refused, no route, DNS): trying again cannot double-send. */
  | { readonly kind: 'unreachable'; readonly detail: string }
  /** Sent, no answer in time (or the connection broke): WeChat may have acted on it. */
  | { readonly kind: 'timeout'; readonly detail: string }
  /** An answer that is not WeChat's JSON (a proxy's error page, a truncated body). */
  | { readonly kind: 'bad_answer'; readonly detail: string }

/** Connection errors raised before a byte of the request left: safe to retry any call. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

const codeOf = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: unknown } }).cause
  return typeof cause?.code === 'string' ? cause.code : undefined
}

/** One HTTP exchange with a WeChat API: a JSON body, a multipart form, or a GET. Never throws. */
export async function exchangeWithWeChat(
  url: string,
  request: { readonly json?: unknown; readonly form?: FormData },
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
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    return { kind: 'timeout', detail: error instanceof Error ? error.name : 'body interrupted' }
  }
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
