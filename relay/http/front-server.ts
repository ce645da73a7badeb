import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** Fastify's server timeouts, as its `serverFactory` receives them (defaults already applied). */
export interface FrontServerOptions {
  readonly keepAliveTimeout?: number
  readonly requestTimeout?: number
  readonly connectionTimeout?: number
  readonly maxRequestsPerSocket?: number
}

/** A listener that serves a request itself (answers true) or leaves it to fastify. */
export type FrontListener = (request: IncomingMessage, response: ServerResponse) => boolean

/**
 * Fastify's `serverFactory`: a node:http server that offers every request to `front` first and hands
 * the rest to fastify, with the timeouts fastify would have set on a server of its own.
 */
export function createFrontServer(
  fastifyHandler: (request: IncomingMessage, response: ServerResponse) => void,
  options: FrontServerOptions,
  front: FrontListener,
): Server {
  const server = createServer((request, response) => {
    if (!front(request, response)) fastifyHandler(request, response)
  })
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout
  if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout
  if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout)
  if (options.maxRequestsPerSocket !== undefined && options.maxRequestsPerSocket > 0)
    server.maxRequestsPerSocket = options.maxRequestsPerSocket
  return server
}
