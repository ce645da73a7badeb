import { z } from 'zod'
import { HTTP_STATUS_OF, RELAY_ERROR_CODES, type RelayErrorCode } from '../../common/relay/errors.js'
import type { RouteSpec } from './route-registry.js'

const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(RELAY_ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
})

/** Builds the OpenAPI 3.1 document of every registered route from its zod schemas. */
export function openApiDocumentOf(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operationOf(route)
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kefu relay', version, description: 'The relay API: webhook, sessions, conversations.' },
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(errorBodySchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  }
}

function operationOf(route: RouteSpec): Record<string, unknown> {
  const parameters = [
    ...parametersOf(route.params, 'path'),
    ...parametersOf(route.query, 'query'),
    ...parametersOf(route.headers, 'header'),
  ]
  const errorCodes = new Set<RelayErrorCode>(['invalid', ...((route.errors ?? []) as RelayErrorCode[])])
  if (!route.isPublic) errorCodes.add('unauthorized')
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      ...(route.success.mediaType === undefined
        ? { content: { 'application/json': { schema: { type: 'object' } } } }
        : { content: { [route.success.mediaType]: { schema: { type: 'string' } } } }),
    },
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
            content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } },
          },
        }),
    responses,
  }
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header'): unknown[] {
  if (schema === undefined) return []
  const json = jsonSchemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
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
