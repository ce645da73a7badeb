import { expect, test } from '@playwright/test'
import { relayCommands } from '../../../../common/relay/relay-commands.js'
import { openApiDocumentOf } from '../../../../relay/http/openapi-document.js'
import { SOCKET_COMMANDS } from '../../../../relay/hub/socket-commands.js'

type Operation = {
  operationId?: string
  security?: unknown[]
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
}

const document = openApiDocumentOf([], 'test') as { paths: Record<string, Record<string, Operation>> }

test('every REST route of the command table is documented under its command, with a typed answer', () => {
  const routes = Object.entries(relayCommands).flatMap(([name, spec]) =>
    'rest' in spec ? [{ name, rest: spec.rest }] : [],
  )
  expect(routes.length).toBeGreaterThan(30)
  for (const { name, rest } of routes) {
    const pattern = typeof rest.path === 'string' ? rest.path : rest.path.pattern
    const operation = document.paths[pattern.replace(/:(\w+)/g, '{$1}')]?.[rest.method.toLowerCase()]
    expect(operation?.operationId, `${rest.method} ${pattern}`).toBe(name)
    const status = String('status' in rest ? rest.status : 200)
    if (status === '204') continue
    const schema = operation!.responses[status]?.content?.['application/json']?.schema
    // The untyped fallback is `{type: 'object'}` alone; a table answer always says more.
    expect(schema, name).toBeDefined()
    expect(schema, name).not.toEqual({ type: 'object' })
  }
})

test('sign-in and the document are public, everything else wants the bearer token', () => {
  expect(document.paths['/api/session']?.['post']?.security).toEqual([])
  expect(document.paths['/api/openapi.json']?.['get']?.security).toEqual([])
  expect(document.paths['/api/session']?.['delete']?.security).toEqual([{ bearer: [] }])
  const signIn =
    document.paths['/api/session']!['post']!.responses['200']!.content!['application/json']!.schema
  expect(Object.keys(signIn['properties'] as object).sort()).toEqual(['token', 'user'])
})

test('REST-only commands are not mounted on the socket', () => {
  expect(SOCKET_COMMANDS).toContain('message:send')
  expect(SOCKET_COMMANDS).not.toContain('media:upload')
  expect(SOCKET_COMMANDS).not.toContain('session:create')
})
