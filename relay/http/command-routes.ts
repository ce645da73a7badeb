import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  relayCommands,
  type CommandName,
  type CommandSpec,
  type RestTwin,
} from '../../common/relay/relay-commands.js'
import type { AuthService } from '../auth/auth-service.js'
import type { CommandHandlers } from '../commands/command-handlers.js'
import { runCommand } from '../commands/run-command.js'
import { bearerUserOf } from './bearer-user.js'
import type { RouteRegistry } from './route-registry.js'

/** What the REST registrar needs. */
export interface CommandRouteDependencies {
  readonly auth: AuthService
  readonly handlers: CommandHandlers
  readonly registry: RouteRegistry
}

/**
 * The one place the REST twins of `relayCommands` are mounted and documented. A twin's request is its
 * command's: the path parameters, over the JSON body (or the query of a `GET`), parsed with the command's
 * schema, for the user behind the bearer token as they are now.
 */
export function registerCommandRoutes(app: FastifyInstance, dependencies: CommandRouteDependencies): void {
  const { auth, handlers, registry } = dependencies
  for (const name of Object.keys(relayCommands) as CommandName[]) {
    const spec: CommandSpec = relayCommands[name]
    const rest = spec.rest
    if (rest === undefined) continue
    const url = typeof rest.path === 'string' ? rest.path : rest.path.pattern
    const status = rest.status ?? 200
    registry.add({
      method: rest.method,
      url,
      summary: spec.summary,
      isPublic: false,
      command: name,
      ...inputsOf(spec, rest),
      answer: spec.answer,
      success: { status, description: descriptionOf(name, rest) },
      errors: spec.errors,
    })
    app.route({
      method: rest.method,
      url,
      handler: async (request, reply) => {
        const user = bearerUserOf(request, auth)
        let isRepeated = false
        const caller = { socketId: null, join: () => undefined, repeated: () => (isRepeated = true) }
        const answer = await runCommand(handlers, name, user, requestOf(request, rest), caller)
        if (status === 204) return reply.status(204).send()
        return reply.status(isRepeated ? (rest.repeatedStatus ?? status) : status).send(answer)
      },
    })
  }
}

/** The command's request from a REST call: the path parameters win over the body or query. */
function requestOf(request: FastifyRequest, rest: RestTwin): unknown {
  const input = rest.method === 'GET' || rest.method === 'DELETE' ? request.query : request.body
  const fromPath: Record<string, unknown> = {}
  const params = (request.params ?? {}) as Record<string, unknown>
  for (const [param, field] of Object.entries(rest.params ?? {})) fromPath[field] = params[param]
  if (Object.keys(fromPath).length === 0) return input
  return { ...(typeof input === 'object' && input !== null ? input : {}), ...fromPath }
}

/** The path, query and body schemas the OpenAPI document shows for a twin. */
function inputsOf(
  spec: CommandSpec,
  rest: RestTwin,
): { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; omit?: readonly string[] } {
  const pathFields = Object.entries(rest.params ?? {})
  const params =
    pathFields.length === 0
      ? undefined
      : z.object(Object.fromEntries(pathFields.map(([param]) => [param, z.string().min(1).max(128)])))
  const omit = pathFields.map(([, field]) => field)
  const isQuery = rest.method === 'GET' || rest.method === 'DELETE'
  return {
    ...(params === undefined ? {} : { params }),
    ...(isQuery ? { query: spec.request } : { body: spec.request }),
    ...(omit.length === 0 ? {} : { omit }),
  }
}

function descriptionOf(name: CommandName, rest: RestTwin): string {
  if (rest.status === 204) return 'Done; nothing to answer'
  const repeated =
    rest.repeatedStatus === undefined ? '' : ` (${rest.repeatedStatus} when it was stored already)`
  return `The answer of \`${name}\`${repeated}`
}
