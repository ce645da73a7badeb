import { z } from 'zod'
import type { CommandSpec, RestTwin } from '../../common/relay/command-spec.js'
import { HTTP_STATUS_OF, relayErrorBodySchema, type RelayErrorCode } from '../../common/relay/errors.js'
import { MEDIA_CONTENT_TYPES } from '../../common/relay/media-upload.js'
import { relayCommands, type CommandName } from '../../common/relay/relay-commands.js'
import type { RouteSpec } from './route-registry.js'

/**
 * Builds the OpenAPI 3.1 document from the command table (every REST route a desktop calls, typed by
 * its schemas) and the routes outside the contract (`outside`: the webhook and the ops endpoints).
 */
export function openApiDocumentOf(outside: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of [...tableRoutes(), ...outside]) {
    const path = route.url.replace(/:(\w+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operationOf(route)
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kefu relay', version, description: 'The relay API: webhook, sessions, conversations.' },
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(relayErrorBodySchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  }
}

/** The documented route of each command of the table that has a REST side. */
function tableRoutes(): RouteSpec[] {
  const routes: RouteSpec[] = []
  for (const name of Object.keys(relayCommands) as CommandName[]) {
    const spec: CommandSpec = relayCommands[name]
    const rest = spec.rest
    if (rest === undefined) continue
    const status = rest.status ?? 200
    routes.push({
      method: rest.method,
      url: typeof rest.path === 'string' ? rest.path : rest.path.pattern,
      summary: spec.summary,
      isPublic: rest.isPublic === true,
      command: name,
      ...inputsOf(spec, rest),
      answer: spec.answer,
      success: { status, description: descriptionOf(name, rest) },
      errors: spec.errors,
    })
  }
  return routes
}

/** The path, header, query and body schemas the document shows for a REST route of the table. */
function inputsOf(
  spec: CommandSpec,
  rest: RestTwin,
): Pick<RouteSpec, 'params' | 'headers' | 'query' | 'body' | 'bodyMediaTypes' | 'omit'> {
  const pathFields = Object.entries(rest.params ?? {})
  const headerFields = Object.entries(rest.headers ?? {})
  const shape = spec.request instanceof z.ZodObject ? (spec.request.shape as Record<string, z.ZodType>) : {}
  const omit = [...pathFields.map(([, field]) => field), ...headerFields.map(([, field]) => field)]
  const isQuery = rest.method === 'GET' || rest.method === 'DELETE'
  return {
    ...(pathFields.length === 0
      ? {}
      : {
          params: z.object(
            Object.fromEntries(pathFields.map(([param, field]) => [param, shape[field] ?? z.string()])),
          ),
        }),
    ...(headerFields.length === 0
      ? {}
      : {
          headers: z.object(
            Object.fromEntries(headerFields.map(([header, field]) => [header, shape[field] ?? z.string()])),
          ),
        }),
    ...(rest.body === 'raw-image'
      ? { bodyMediaTypes: MEDIA_CONTENT_TYPES }
      : isQuery
        ? { query: spec.request }
        : { body: spec.request }),
    ...(omit.length === 0 ? {} : { omit }),
  }
}

function descriptionOf(name: CommandName, rest: RestTwin): string {
  if (rest.status === 204) return 'Done; nothing to answer'
  const repeated =
    rest.repeatedStatus === undefined ? '' : ` (${rest.repeatedStatus} when it was stored already)`
  return `The answer of \`${name}\`${repeated}`
}

function operationOf(route: RouteSpec): Record<string, unknown> {
  const parameters = [
    ...parametersOf(route.params, 'path'),
    ...parametersOf(route.query, 'query', route.omit),
    ...parametersOf(route.headers, 'header'),
  ]
  const errorCodes = new Set<RelayErrorCode>(['invalid', ...((route.errors ?? []) as RelayErrorCode[])])
  if (!route.isPublic) errorCodes.add('unauthorized')
  const responses: Record<string, unknown> = {
    [route.success.status]: { description: route.success.description, ...successContentOf(route) },
  }
  for (const code of errorCodes) {
    const status = String(HTTP_STATUS_OF[code])
    const existing = responses[status] as { description: string } | undefined
    responses[status] = {
      description: existing === undefined ? code : `${existing.description}, ${code}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  return {
    ...(route.command === undefined ? {} : { operationId: route.command }),
    summary: route.summary,
    ...(route.isPublic ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.bodyMediaTypes !== undefined
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              route.bodyMediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
            ),
          },
        }
      : {}),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: withoutFields(jsonSchemaOf(route.body, 'input'), route.omit) },
            },
          },
        }),
    responses,
  }
}

// A command's answer is typed by its schema; a route outside the table says only that it answers JSON.
function successContentOf(route: RouteSpec): Record<string, unknown> {
  if (route.success.status === 204) return {}
  if (route.success.mediaType !== undefined)
    return { content: { [route.success.mediaType]: { schema: { type: 'string' } } } }
  const schema = route.answer === undefined ? { type: 'object' } : jsonSchemaOf(route.answer, 'output')
  return { content: { 'application/json': { schema } } }
}

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query' | 'header',
  omit?: readonly string[],
): unknown[] {
  if (schema === undefined) return []
  const json = withoutFields(jsonSchemaOf(schema, 'input'), omit) as {
    properties?: Record<string, unknown>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }))
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
  return json
}

/** The JSON schema without the fields the path fills, in an object or in each member of a union. */
function withoutFields(
  json: Record<string, unknown>,
  fields: readonly string[] | undefined,
): Record<string, unknown> {
  if (fields === undefined || fields.length === 0) return json
  const members = (json.anyOf ?? json.oneOf) as Record<string, unknown>[] | undefined
  if (members !== undefined) {
    const key = json.anyOf === undefined ? 'oneOf' : 'anyOf'
    return { ...json, [key]: members.map((member) => withoutFields(member, fields)) }
  }
  const properties = json.properties as Record<string, unknown> | undefined
  if (properties === undefined) return json
  const required = (json.required as string[] | undefined)?.filter((name) => !fields.includes(name))
  return {
    ...json,
    properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !fields.includes(name))),
    ...(required === undefined ? {} : { required }),
  }
}
