import type { z } from 'zod'

/** One documented HTTP route, as the OpenAPI document is built from it. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Fastify's path syntax (`:id`). */
  readonly url: string
  readonly summary: string
  /** No bearer token needed. */
  readonly isPublic: boolean
  readonly params?: z.ZodType
  readonly query?: z.ZodType
  readonly body?: z.ZodType
  /** Request headers the route reads, documented as header parameters. */
  readonly headers?: z.ZodType
  /** A raw (non-JSON) request body of these media types, e.g. `image/png` for uploads. */
  readonly bodyMediaTypes?: readonly string[]
  /** The command of `relayCommands` this route is the REST twin of (its operationId). */
  readonly command?: string
  /** Request fields the path fills, left out of the documented body or query. */
  readonly omit?: readonly string[]
  /** The answer's schema, documented as the success body. */
  readonly answer?: z.ZodType
  /** Success status and what it carries. */
  readonly success: { readonly status: number; readonly description: string; readonly mediaType?: string }
  /** Error codes the route may answer beyond `unauthorized`/`invalid`. */
  readonly errors?: readonly string[]
}

/**
 * The routes a relay serves outside the command table (the webhook, health, readiness and metrics),
 * collected as they register so the OpenAPI document shows them beside the table's.
 */
export interface RouteRegistry {
  readonly routes: RouteSpec[]
  add(spec: RouteSpec): RouteSpec
}

/** An empty registry. */
export function createRouteRegistry(): RouteRegistry {
  const routes: RouteSpec[] = []
  return {
    routes,
    add(spec) {
      routes.push(spec)
      return spec
    },
  }
}
