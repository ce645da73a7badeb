import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { z } from 'zod'
import type { User } from '../../common/domain/user.js'
import { cannedResponseRequestSchema, createTagRequestSchema } from '../../common/relay/schemas.js'
import {
  createTeamRequestSchema,
  handoverRequestSchema,
  updateTeamRequestSchema,
  updateUserRequestSchema,
} from '../../common/relay/shared-state-schemas.js'
import type { AuthService } from '../auth/auth-service.js'
import { imageTooLargeMessage } from '../outbound/image-check.js'
import { RelayError } from '../relay-error.js'
import type { SharedState } from '../shared-state/shared-state.js'
import { bearerUserOf } from './bearer-user.js'
import { parseRequest } from '../commands/parse-request.js'
import type { RouteRegistry, RouteSpec } from './route-registry.js'

const idParams = z.object({ id: z.string().min(1).max(128) })
const userParams = z.object({ username: z.string().min(1).max(64) })

/** Room in a canned-response body for all but the picture's base64: short code, text, file name and JSON. */
const CANNED_RESPONSE_JSON_ALLOWANCE_BYTES = 64 * 1024

/** Collaborators of the shared-state routes. */
export interface SharedStateRouteDependencies {
  readonly auth: AuthService
  readonly shared: SharedState
  readonly registry: RouteRegistry
}

type Handler = (request: FastifyRequest, reply: FastifyReply, user: User) => unknown

/**
 * Registers the supervisors' REST-only routes: tags, canned responses, users administration and handover,
 * teams and presence. Each route is documented in the registry; the commands with a socket twin (status,
 * notes, tags of a conversation, the follower panel, bulk assignment, the board) are mounted from the
 * table (command-routes.ts).
 */
export function registerSharedStateRoutes(
  app: FastifyInstance,
  dependencies: SharedStateRouteDependencies,
): void {
  const { auth, shared, registry } = dependencies

  function route(
    spec: Omit<RouteSpec, 'isPublic'>,
    handler: Handler,
    options: Pick<RouteOptions, 'bodyLimit' | 'errorHandler'> = {},
  ): void {
    registry.add({ ...spec, isPublic: false })
    app.route({
      method: spec.method,
      url: spec.url,
      ...options,
      handler: async (request, reply) => handler(request, reply, bearerUserOf(request, auth)),
    })
  }

  const usernameOf = (request: FastifyRequest): string =>
    parseRequest(userParams, request.params, 'path').username

  route(
    {
      method: 'GET',
      url: '/api/tags',
      summary: 'Every tag, by name.',
      success: { status: 200, description: 'Tag[]' },
    },
    () => shared.tags.list(),
  )
  route(
    {
      method: 'POST',
      url: '/api/tags',
      summary: 'Create a tag (supervisors); announced as `tag.upserted`.',
      body: createTagRequestSchema,
      success: { status: 201, description: 'The new tag' },
      errors: ['forbidden', 'conflict'],
    },
    (request, reply, user) =>
      reply
        .status(201)
        .send(shared.tags.create(user, parseRequest(createTagRequestSchema, request.body, 'body'))),
  )
  route(
    {
      method: 'GET',
      url: '/api/canned-responses',
      summary: "The team's canned responses and the caller's own.",
      success: { status: 200, description: 'CannedResponse[]' },
    },
    (_request, _reply, user) => shared.cannedResponses.list(user),
  )
  const { imageLimitBytes } = shared.cannedResponses
  route(
    {
      method: 'POST',
      url: '/api/canned-responses',
      summary:
        'Create a canned response: personal, or a team one (`isTeam`, supervisors); with `image` (JPEG, PNG or ' +
        `GIF as base64, at most ${imageLimitBytes / 1024 / 1024} MB) a picture reply.`,
      body: cannedResponseRequestSchema,
      success: { status: 201, description: 'The new canned response' },
      errors: ['forbidden', 'conflict', 'payload_too_large', 'unsupported_media_type'],
    },
    (request, reply, user) =>
      reply
        .status(201)
        .send(
          shared.cannedResponses.create(
            user,
            parseRequest(cannedResponseRequestSchema, request.body, 'body'),
          ),
        ),
    {
      // The picture's base64 takes 4 characters per 3 bytes.
      bodyLimit: Math.ceil(imageLimitBytes / 3) * 4 + CANNED_RESPONSE_JSON_ALLOWANCE_BYTES,
      // A body over the limit holds a picture over it: say that, not fastify's words.
      errorHandler(error) {
        throw error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? new RelayError('payload_too_large', imageTooLargeMessage(imageLimitBytes))
          : error
      },
    },
  )
  route(
    {
      method: 'GET',
      url: '/api/canned-responses/:id/image',
      summary: "A picture canned response's picture, to show it: {fileName, mimeType, dataBase64}.",
      params: idParams,
      success: { status: 200, description: 'CannedPicture' },
      errors: ['not_found'],
    },
    (request, _reply, user) =>
      shared.cannedResponses.picture(user, parseRequest(idParams, request.params, 'path').id),
  )
  route(
    {
      method: 'POST',
      url: '/api/canned-responses/:id/media',
      summary:
        "Upload a picture canned response's image to WeChat for an image message; answers {mediaId}, the " +
        'last upload’s while it has more than an hour of WeChat’s 3 days left.',
      params: idParams,
      success: { status: 201, description: '{mediaId}' },
      errors: ['not_found', 'invalid', 'forbidden', 'wechat_error', 'not_configured'],
    },
    async (request, reply, user) =>
      reply
        .status(201)
        .send(
          await shared.cannedResponses.uploadMedia(user, parseRequest(idParams, request.params, 'path').id),
        ),
  )
  route(
    {
      method: 'DELETE',
      url: '/api/canned-responses/:id',
      summary: 'Delete a canned response: team ones by supervisors, personal ones by their owner.',
      params: idParams,
      success: { status: 200, description: 'The deleted canned response' },
      errors: ['not_found', 'forbidden'],
    },
    (request, _reply, user) =>
      shared.cannedResponses.delete(user, parseRequest(idParams, request.params, 'path').id),
  )

  route(
    {
      method: 'GET',
      url: '/api/users',
      summary: 'Every user (no secrets).',
      success: { status: 200, description: 'User[]' },
    },
    () => shared.users.list(),
  )
  route(
    {
      method: 'PATCH',
      url: '/api/users/:username',
      summary:
        'Edit a user (admins): display name, role, team, kf persona, disable, new password. Disabling or a new ' +
        'password ends their sessions and sockets at once.',
      params: userParams,
      body: updateUserRequestSchema,
      success: { status: 200, description: 'The user after the change' },
      errors: ['not_found', 'forbidden'],
    },
    (request, _reply, user) =>
      shared.users.update(
        user,
        usernameOf(request),
        parseRequest(updateUserRequestSchema, request.body, 'body'),
      ),
  )
  route(
    {
      method: 'GET',
      url: '/api/users/:username/open-conversations',
      summary: "A user's unresolved conversations, the window closing soonest first (self, or supervisors).",
      params: userParams,
      success: { status: 200, description: 'Conversation[]' },
      errors: ['not_found', 'forbidden'],
    },
    (request, _reply, user) => shared.assignment.openConversationsOf(user, usernameOf(request)),
  )
  route(
    {
      method: 'POST',
      url: '/api/users/:username/handover',
      summary:
        "Shift-end handover: move a user's unresolved conversations to someone else or the queue at once.",
      params: userParams,
      body: handoverRequestSchema,
      success: { status: 200, description: 'The conversations after the change' },
      errors: ['not_found', 'forbidden', 'conflict'],
    },
    (request, _reply, user) =>
      shared.assignment.handover(
        user,
        usernameOf(request),
        parseRequest(handoverRequestSchema, request.body, 'body'),
      ),
  )

  route(
    {
      method: 'GET',
      url: '/api/teams',
      summary: 'Every team with its settings.',
      success: { status: 200, description: 'Team[]' },
    },
    () => shared.teams.list(),
  )
  route(
    {
      method: 'POST',
      url: '/api/teams',
      summary: 'Create a team (admins).',
      body: createTeamRequestSchema,
      success: { status: 201, description: 'The new team' },
      errors: ['forbidden', 'conflict'],
    },
    (request, reply, user) =>
      reply
        .status(201)
        .send(shared.teams.create(user, parseRequest(createTeamRequestSchema, request.body, 'body'))),
  )
  route(
    {
      method: 'PATCH',
      url: '/api/teams/:id',
      summary: "Change a team's name or settings: sharing, auto-assignment, the per-agent cap (admins).",
      params: idParams,
      body: updateTeamRequestSchema,
      success: { status: 200, description: 'The team after the change' },
      errors: ['not_found', 'forbidden', 'conflict'],
    },
    (request, _reply, user) =>
      shared.teams.update(
        user,
        parseRequest(idParams, request.params, 'path').id,
        parseRequest(updateTeamRequestSchema, request.body, 'body'),
      ),
  )

  route(
    {
      method: 'GET',
      url: '/api/presence',
      summary: "Everyone's presence (online, away, offline); changes arrive as `presence:changed`.",
      success: { status: 200, description: 'AgentPresence[]' },
    },
    () => shared.presence.list(),
  )
}
