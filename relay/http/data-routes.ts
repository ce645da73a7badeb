import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { auditLogQuerySchema } from '../../common/relay/data-schemas.js'
import { RELAY_ROUTES } from '../../common/relay/routes.js'
import type { AuthService } from '../auth/auth-service.js'
import { can } from '../auth/permissions.js'
import type { FollowerErasure } from '../erasure/follower-erasure.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { bearerUserOf } from './bearer-user.js'
import { parseRequest } from '../commands/parse-request.js'
import type { RouteRegistry } from './route-registry.js'

const conversationParams = z.object({ id: z.string().min(1).max(128) })

/** Collaborators of the data routes. */
export interface DataRouteDependencies {
  readonly auth: AuthService
  readonly store: RelayStore
  readonly erasure: FollowerErasure
  readonly registry: RouteRegistry
}

/** Registers the data the team owns (admins): the audit log and the erasure of one follower. */
export function registerDataRoutes(app: FastifyInstance, dependencies: DataRouteDependencies): void {
  const { auth, store, erasure, registry } = dependencies

  registry.add({
    method: 'GET',
    url: RELAY_ROUTES.auditLog,
    summary:
      'The audit log of admin actions (admins): who did what to which user, team, tag, canned reply, ' +
      'setting or follower, when; newest first, in pages (`before` = the previous `next`).',
    isPublic: false,
    query: auditLogQuerySchema,
    success: { status: 200, description: '{entries: AuditEntry[], next}' },
    errors: ['forbidden'],
  })
  app.get(RELAY_ROUTES.auditLog, async (request) => {
    if (!can(bearerUserOf(request, auth), 'audit-log:view'))
      throw new RelayError('forbidden', 'Only admins read the audit log.')
    return store.audit.page(parseRequest(auditLogQuerySchema, request.query, 'query'))
  })

  registry.add({
    method: 'DELETE',
    url: '/api/conversations/:id',
    summary:
      "Erase one follower's data (admins): messages, notes, follower panel, tags, ticket and the " +
      'conversation, and every event of it in the log; desktops drop it on `conversation.erased`. ' +
      'Answers once the log holds nothing of the follower.',
    isPublic: false,
    params: conversationParams,
    success: { status: 200, description: '{conversationId, messages, events}' },
    errors: ['forbidden', 'not_found', 'conflict'],
  })
  app.delete('/api/conversations/:id', async (request) => {
    const user = bearerUserOf(request, auth)
    return erasure.erase(user, parseRequest(conversationParams, request.params, 'path').id, 'request')
  })
}
