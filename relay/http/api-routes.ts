import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { User } from '../../common/domain/user.js'
import { HTTP_STATUS_OF } from '../../common/relay/errors.js'
import type { ConversationPage, MessagePage, SessionResponse } from '../../common/relay/events.js'
import { RELAY_ROUTES } from '../../common/relay/routes.js'
import {
  createUserRequestSchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  sessionRequestSchema,
} from '../../common/relay/schemas.js'
import { signInThrottleFilterSchema } from '../../common/relay/sign-in-throttle-schemas.js'
import type { AuthService } from '../auth/auth-service.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import { InvalidCursorError } from '../store/conversation-repository.js'
import type { RelayStore } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import { bearerTokenOf, bearerUserOf } from './bearer-user.js'
import { openApiDocumentOf } from './openapi-document.js'
import { parseRequest } from '../commands/parse-request.js'
import { visibleConversationPage } from './visible-conversation-page.js'
import type { RouteRegistry, RouteSpec } from './route-registry.js'

const conversationParamsSchema = z.object({ id: z.string().min(1).max(128) })

/** Collaborators of the REST API. */
export interface ApiDependencies {
  readonly store: RelayStore
  /** The log's published head: a cursor handed out never counts an event not yet on disk. */
  readonly publishedHead: () => number
  readonly auth: AuthService
  readonly registry: RouteRegistry
  readonly version: string
  /** A session was signed out: its sockets are told and disconnected. */
  readonly onSignedOut: (token: string) => void
}

type Handler = (request: FastifyRequest, reply: FastifyReply, user: User | null) => unknown

/**
 * Registers the REST-only part of `/api/*`: sessions, creating users, sign-in throttles, the conversation
 * and message pages, the OpenAPI document. Commands with a socket twin are mounted from the table
 * (command-routes.ts).
 */
export function registerApiRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { store, auth, registry } = dependencies
  const logger = app.log
  let hasWarnedOfForwardedFor = false

  function route(spec: RouteSpec, handler: Handler): void {
    registry.add(spec)
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request, reply) => {
        const user = spec.isPublic ? null : bearerUserOf(request, auth)
        return handler(request, reply, user)
      },
    })
  }

  route(
    {
      method: 'POST',
      url: '/api/session',
      summary: 'Sign in with a username and password; answers a bearer token and the user.',
      isPublic: true,
      body: sessionRequestSchema,
      success: { status: 200, description: '{token, user}' },
      errors: ['unauthorized', 'rate_limited'],
    },
    async (request, reply): Promise<SessionResponse | FastifyReply> => {
      // The header was not believed (no RELAY_TRUST_PROXY, or not for this proxy): every sign-in through that
      // proxy comes from the proxy's own address and shares one throttle.
      const isForwardedForIgnored =
        request.headers['x-forwarded-for'] !== undefined && request.ip === request.socket.remoteAddress
      if (isForwardedForIgnored && !hasWarnedOfForwardedFor) {
        hasWarnedOfForwardedFor = true
        logger.warn(
          "sign-ins carry X-Forwarded-For but no proxy is trusted: every user shares the proxy's address, " +
            'so one throttle counts all of their failures; set RELAY_TRUST_PROXY to the proxy in front of the relay',
        )
      }
      const body = parseRequest(sessionRequestSchema, request.body, 'body')
      try {
        return await auth.signIn(body.username, body.password, request.ip)
      } catch (error) {
        if (!(error instanceof RelayError) || error.code !== 'rate_limited') throw error
        const { retryAfterSeconds } = error.details as { retryAfterSeconds: number }
        return reply
          .status(HTTP_STATUS_OF.rate_limited)
          .header('retry-after', String(retryAfterSeconds))
          .send(error.toBody())
      }
    },
  )

  route(
    {
      method: 'DELETE',
      url: '/api/session',
      summary:
        "Sign out: ends the caller's token at once; its sockets get `session:revoked` and are disconnected.",
      isPublic: false,
      success: { status: 204, description: 'Signed out' },
    },
    (request, reply) => {
      // The wrapper has checked the token; this one session ends, the user's others go on.
      const token = bearerTokenOf(request)
      auth.signOut(token)
      dependencies.onSignedOut(token)
      return reply.status(204).send()
    },
  )

  route(
    {
      method: 'POST',
      url: '/api/users',
      summary: 'Create a user (admins only).',
      isPublic: false,
      body: createUserRequestSchema,
      success: { status: 201, description: 'The new user' },
      errors: ['forbidden', 'conflict'],
    },
    async (request, reply, user) => {
      if (!can(user!, 'user:create')) throw new RelayError('forbidden', 'Only admins create users.')
      const body = parseRequest(createUserRequestSchema, request.body, 'body')
      const created = await auth.createUser(user!.username, body)
      return reply.status(201).send(created)
    },
  )

  route(
    {
      method: 'GET',
      url: RELAY_ROUTES.signInThrottles,
      summary:
        'Sign-in throttles counting failures now (admins): per username from an address, and per address ' +
        '(`username` null); `lockedUntil` is when a lock ends.',
      isPublic: false,
      success: { status: 200, description: '{throttles: [{username, address, failures, lockedUntil}]}' },
      errors: ['forbidden'],
    },
    (_request, _reply, user) => {
      if (!can(user!, 'user:manage')) throw new RelayError('forbidden', 'Only admins see sign-in throttles.')
      return { throttles: auth.signInThrottles() }
    },
  )

  route(
    {
      method: 'DELETE',
      url: RELAY_ROUTES.signInThrottles,
      summary:
        'Clear sign-in throttles (admins): those of `username`, of `address`, of both together, or all when ' +
        'neither is given.',
      isPublic: false,
      query: signInThrottleFilterSchema,
      success: { status: 200, description: '{cleared}: how many throttles went' },
      errors: ['forbidden'],
    },
    (request, _reply, user) => {
      if (!can(user!, 'user:manage'))
        throw new RelayError('forbidden', 'Only admins clear sign-in throttles.')
      const filter = parseRequest(signInThrottleFilterSchema, request.query, 'query')
      const cleared = auth.clearSignInThrottles(user!.username, filter)
      logger.info({ admin: user!.username, cleared }, 'sign-in throttles cleared')
      return { cleared }
    },
  )

  route(
    {
      method: 'GET',
      url: '/api/conversations',
      summary: 'Conversations, most recently changed first, in pages (`after` = the previous `next`).',
      isPublic: false,
      query: listConversationsQuerySchema,
      success: { status: 200, description: '{conversations, next, cursor}' },
    },
    (request, _reply, user): ConversationPage => {
      const query = parseRequest(listConversationsQuerySchema, request.query, 'query')
      // The head is read in the same tick as the page, so a desktop may follow the log from it.
      const cursor = dependencies.publishedHead()
      try {
        const page = visibleConversationPage(store.conversations, query, (conversation) =>
          can(user!, 'conversation:view', conversation, conversationAccessOf(store, user!, conversation)),
        )
        return { ...page, cursor }
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new RelayError('invalid', error.message)
        throw error
      }
    },
  )

  route(
    {
      method: 'GET',
      url: '/api/conversations/:id/messages',
      summary: "Messages of a conversation, newest first (`before` = the previous page's `before`).",
      isPublic: false,
      params: conversationParamsSchema,
      query: listMessagesQuerySchema,
      success: { status: 200, description: '{messages, before}' },
      errors: ['not_found', 'forbidden'],
    },
    (request, _reply, user): MessagePage => {
      const { id } = parseRequest(conversationParamsSchema, request.params, 'path')
      const query = parseRequest(listMessagesQuerySchema, request.query, 'query')
      const conversation = store.conversations.get(id)
      if (conversation === null) throw new RelayError('not_found', `No conversation ${id}.`)
      if (!can(user!, 'conversation:view', conversation, conversationAccessOf(store, user!, conversation)))
        throw new RelayError('forbidden', 'Not your conversation.')
      const page = store.messages.listBefore(id, query)
      if (page === null) throw new RelayError('invalid', `No message ${query.before} in conversation ${id}.`)
      return page
    },
  )

  route(
    {
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This document.',
      isPublic: true,
      success: { status: 200, description: 'OpenAPI 3.1' },
    },
    () => openApiDocumentOf(registry.routes, dependencies.version),
  )
}
