import type { FastifyInstance } from 'fastify'
import type { AuthService } from '../auth/auth-service.js'
import type { AutoReplyRepository } from '../auto-replies/auto-reply-repository.js'
import { autoReplyRulesSchema } from '../auto-replies/auto-reply-rules.js'
import { recordAudit } from '../audit/record-audit.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { bearerUserOf } from './bearer-user.js'
import { parseRequest } from '../commands/parse-request.js'
import type { RouteRegistry } from './route-registry.js'

/** Collaborators of the auto-reply routes. */
export interface AutoReplyRouteDependencies {
  readonly auth: AuthService
  readonly repository: AutoReplyRepository
  /** Where the audit log is kept. */
  readonly store: RelayStore
  readonly registry: RouteRegistry
  readonly now?: () => number
}

/** Registers `GET|PUT /api/auto-replies` (admins only): the rules the relay answers followers with. */
export function registerAutoReplyRoutes(
  app: FastifyInstance,
  dependencies: AutoReplyRouteDependencies,
): void {
  const { auth, repository, registry, store } = dependencies
  const now = dependencies.now ?? Date.now
  const adminOf = (request: Parameters<typeof bearerUserOf>[0]) => {
    const user = bearerUserOf(request, auth)
    if (user.role !== 'admin' || user.isDisabled)
      throw new RelayError('forbidden', 'Only admins manage auto-replies.')
    return user
  }

  registry.add({
    method: 'GET',
    url: '/api/auto-replies',
    summary: 'The auto-reply rules: welcome by QR scene, menu clicks, keywords, off-hours (admins).',
    isPublic: false,
    success: { status: 200, description: '{rules, updatedAt, updatedBy}' },
    errors: ['forbidden'],
  })
  app.get('/api/auto-replies', async (request) => {
    adminOf(request)
    return repository.get()
  })

  registry.add({
    method: 'PUT',
    url: '/api/auto-replies',
    summary: 'Replaces the auto-reply rules (admins).',
    isPublic: false,
    body: autoReplyRulesSchema,
    success: { status: 200, description: '{rules, updatedAt, updatedBy}' },
    errors: ['forbidden'],
  })
  app.put('/api/auto-replies', async (request) => {
    const user = adminOf(request)
    const rules = parseRequest(autoReplyRulesSchema, request.body, 'body')
    return store.transaction(() => {
      const at = now()
      const saved = repository.put(rules, at, user.username)
      // The rules themselves stay in their table (with who saved them last); the log says who changed them when.
      recordAudit(store, at, {
        actor: user.username,
        action: 'auto-replies.updated',
        target: null,
      })
      return saved
    })
  })
}
