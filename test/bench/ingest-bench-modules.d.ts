// The slice of the untyped benchmark-only packages the ingest benchmark uses.

declare module 'autocannon' {
  interface AutocannonRequest {
    method?: string
    path?: string
    body?: string
    headers?: Record<string, string>
    setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  }
  interface AutocannonResult {
    requests: { average: number; total: number }
    latency: { p50: number; p99: number }
    non2xx: number
    errors: number
    timeouts: number
  }
  /** Runs a load test and resolves with its figures. */
  export default function autocannon(options: {
    url: string
    connections: number
    duration: number
    requests: AutocannonRequest[]
  }): Promise<AutocannonResult>
}

declare module 'express' {
  import type { RequestListener } from 'node:http'
  interface ExpressApp extends RequestListener {
    use(path: string, handler: (...args: never[]) => unknown): void
  }
  /** Creates an express application. */
  export default function express(): ExpressApp
}

declare module 'wechat' {
  /** node-webot's middleware: verifies, decrypts and parses the push, then calls `handler`. */
  export default function wechat(
    config: { token: string; appid: string; encodingAESKey: string },
    handler: (request: unknown, response: { reply: (content: string) => void }) => void,
  ): (...args: never[]) => unknown
}
